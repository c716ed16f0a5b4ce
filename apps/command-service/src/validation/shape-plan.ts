import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

/**
 * A DTO's class-validator rules compiled once into plain checks over the parsed JSON, so an
 * accepted body skips `plainToInstance` and `validateSync` (both look every rule up again on each
 * call). The plan only answers "class-validator accepts this": a body it cannot vouch for (a
 * failing rule, an unknown member, any rule kind it does not model) goes to class-validator, which
 * stays the one source of verdicts and messages. A DTO using a rule it does not model gets no plan.
 */
export type ShapePlan = (body: Record<string, unknown>) => boolean;

type Dto = abstract new (...args: never[]) => object;
type Check = (value: unknown, object: Record<string, unknown>) => boolean;
type PropertyRules = { optional: boolean; checks: Check[] };
type Plan = Map<string, PropertyRules>;

const storage = getMetadataStorage();
const IS_OPTIONAL = 'isOptional';
const plans = new WeakMap<Dto, ShapePlan | null>();

/** The compiled plan of `dto`, or undefined when one of its rules (or a nested DTO's) is not modelled. */
export function shapePlanOf(dto: Dto): ShapePlan | undefined {
  if (!plans.has(dto)) {
    const plan = compile(dto, new Set());
    plans.set(dto, plan ? (body) => accepts(plan, body) : null);
  }
  return plans.get(dto) ?? undefined;
}

function compile(dto: Dto, seen: Set<Dto>): Plan | undefined {
  if (seen.has(dto)) return undefined;
  const metadatas = storage.getTargetValidationMetadatas(dto, undefined as unknown as string, false, false);
  if (metadatas.length === 0) return undefined;
  const plan: Plan = new Map();
  for (const [property, rules] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const compiled = compileProperty(dto, property, rules, new Set([...seen, dto]));
    if (!compiled) return undefined;
    plan.set(property, compiled);
  }
  return plan;
}

function compileProperty(dto: Dto, property: string, rules: ValidationMetadata[], seen: Set<Dto>): PropertyRules | undefined {
  const result: PropertyRules = { optional: false, checks: [] };
  for (const rule of rules) {
    if (rule.validateIf || (rule.groups?.length ?? 0) > 0) return undefined;
    const check = compileRule(dto, property, rule, result, seen);
    if (check === undefined) return undefined;
    if (check !== true) result.checks.push(check);
  }
  return result;
}

/** A check, `true` for a rule with nothing to check, undefined for a rule not modelled. */
function compileRule(dto: Dto, property: string, rule: ValidationMetadata, result: PropertyRules, seen: Set<Dto>): Check | true | undefined {
  switch (rule.type) {
    case ValidationTypes.WHITELIST:
      return true;
    case ValidationTypes.CONDITIONAL_VALIDATION:
      if (rule.name !== IS_OPTIONAL) return undefined;
      result.optional = true;
      return true;
    case ValidationTypes.IS_DEFINED:
      return (value) => value !== undefined && value !== null;
    case ValidationTypes.CUSTOM_VALIDATION:
      return customCheck(property, rule);
    case ValidationTypes.NESTED_VALIDATION:
      return nestedCheck(dto, property, rule, seen);
    default:
      return undefined;
  }
}

/** Built-in and custom constraints alike: their own synchronous `validate`, as class-validator calls it. */
function customCheck(property: string, rule: ValidationMetadata): Check | undefined {
  const constraints = storage.getTargetValidatorConstraints(rule.constraintCls);
  if (constraints.length === 0 || constraints.some((c) => c.async)) return undefined;
  const instances = constraints.map((c) => c.instance as ValidatorConstraintInterface);
  const validOne = (value: unknown, object: Record<string, unknown>): boolean => {
    const args: ValidationArguments = { targetName: '', property, object, value, constraints: rule.constraints };
    return instances.every((instance) => instance.validate(value, args) === true);
  };
  if (!rule.each) return validOne;
  return (value, object) => (Array.isArray(value) ? value.every((item) => validOne(item, object)) : validOne(value, object));
}

/** Nested DTOs (`@ValidateNested` + `@Type`): plain objects checked against the nested plan. */
function nestedCheck(dto: Dto, property: string, rule: ValidationMetadata, seen: Set<Dto>): Check | undefined {
  const typeFunction = defaultMetadataStorage.findTypeMetadata(dto as unknown as FunctionConstructor, property)?.typeFunction;
  const nestedDto = typeFunction?.() as Dto | undefined;
  if (typeof nestedDto !== 'function') return undefined;
  const nested = compile(nestedDto, seen);
  if (!nested) return undefined;
  const one = (item: unknown): boolean => isPlainObject(item) && accepts(nested, item);
  return rule.each ? (value) => Array.isArray(value) && value.every(one) : one;
}

function accepts(plan: Plan, body: Record<string, unknown>): boolean {
  for (const key of Object.keys(body)) if (!plan.has(key)) return false;
  for (const [property, rules] of plan) {
    const value = body[property];
    if (rules.optional && (value === undefined || value === null)) continue;
    for (const check of rules.checks) if (!check(value, body)) return false;
  }
  return true;
}

/** What JSON.parse makes of `{...}` (in any realm); anything else is left to class-validator. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

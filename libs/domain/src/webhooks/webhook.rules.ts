// Value rules of a webhook registration (SPEC §10). Where a URL may point (private addresses, DNS)
// is checked at the edge with the network's help; here only what the text itself must be.
import { ACCOUNT_PACKAGE_EVENT_TYPES } from '../accounts/account-package.events.js';
import { CATALOG_EVENT_TYPES } from '../catalog/catalog-package.events.js';
import type { FieldIssue } from '../errors.js';
import { checkArray, checkString, checkUniqueItems, isAbsent, type Issues } from '../field-checks.js';
import type { WebhookBody, WebhookScope } from './webhook.commands.js';
import type { WebhookFamily, WebhookFields } from './webhook.events.js';

export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 1000;
export const MAX_WEBHOOK_TYPES = 32;
/** How long a rotated-out secret keeps signing beside the new one. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

const FAMILY_EVENT_TYPES: Record<WebhookFamily, readonly string[]> = {
  catalog: CATALOG_EVENT_TYPES,
  accounts: ACCOUNT_PACKAGE_EVENT_TYPES,
};

/** Every type a webhook of the family may name: each event type, and the family wildcard. */
export const webhookTypesOf = (family: WebhookFamily): string[] => [
  `${family}.*`,
  ...FAMILY_EVENT_TYPES[family].map((type) => `${family}.${type}`),
];

/** Whether a webhook subscribed to `types` receives an event of CloudEvent type `eventType`. */
export const webhookWants = (types: readonly string[], eventType: string): boolean =>
  types.some((type) => type === eventType || (type.endsWith('.*') && eventType.startsWith(type.slice(0, -1))));

const checkUrl = (issues: Issues, value: unknown): void => {
  if (!checkString(issues, 'url', value, 1, MAX_WEBHOOK_URL_LENGTH)) return;
  if (!/^https?:\/\/[^/?#\s]+/i.test(value) || /\s/.test(value)) {
    issues.push({ path: 'url', message: 'must be an absolute http or https URL', value });
  }
};

const checkTypes = (issues: Issues, family: WebhookFamily, value: unknown): void => {
  if (isAbsent(value) || !checkArray(issues, 'types', value)) return;
  if (value.length < 1 || value.length > MAX_WEBHOOK_TYPES) {
    issues.push({ path: 'types', message: `must hold 1..${MAX_WEBHOOK_TYPES} items`, value: value.length });
  }
  const known = webhookTypesOf(family);
  value.forEach((type, index) => {
    if (typeof type !== 'string' || !known.includes(type)) {
      issues.push({ path: `types[${index}]`, message: `must be one of ${known.join(', ')}`, value: type });
    }
  });
  checkUniqueItems(issues, 'types', value);
};

export const webhookBodyIssues = (scope: WebhookScope, body: WebhookBody): FieldIssue[] => {
  const issues: Issues = [];
  checkUrl(issues, body.url);
  checkTypes(issues, scope.family, body.types);
  if (!isAbsent(body.description)) checkString(issues, 'description', body.description, 0, MAX_WEBHOOK_DESCRIPTION_LENGTH);
  if (!isAbsent(body.active) && typeof body.active !== 'boolean') issues.push({ path: 'active', message: 'must be a boolean', value: body.active });
  return issues;
};

/** A body that passed `webhookBodyIssues`, with the defaults filled in: every type, active. */
export const normalizeWebhook = (id: string, scope: WebhookScope, body: WebhookBody): WebhookFields => ({
  id,
  family: scope.family,
  ...(scope.account_id === undefined ? {} : { account_id: scope.account_id }),
  url: body.url,
  types: isAbsent(body.types) ? [`${scope.family}.*`] : [...body.types],
  ...(isAbsent(body.description) ? {} : { description: body.description }),
  active: body.active ?? true,
});

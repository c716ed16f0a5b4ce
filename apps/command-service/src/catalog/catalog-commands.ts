import { randomUUID } from 'node:crypto';
import type { CatalogCommand } from '../../../../libs/domain/src/catalog/catalog-package.commands.js';
import { decide } from '../../../../libs/domain/src/catalog/catalog-package.decider.js';
import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import { isAlias, isPackageId, parseVersionSetNumber } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import type { CatalogPackageState, LiveCatalogPackage } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { requireVersionSet } from '../../../../libs/domain/src/catalog/catalog-version-set.decider.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import type { Execution, Idempotency } from '../idempotency/idempotency.js';
import type { CommandPipeline, CommandResult } from '../pipeline/command-pipeline.js';
import type { UniquenessStore } from '../uniqueness/uniqueness.store.js';
import { checkBodyShape } from '../validation/body-shape.js';
import { executeWrite, type WriteContext } from '../write-execution.js';
import { catalogRefusal } from '../write-refusal.js';
import { idempotentRequest, newWriteIds, type WriteIds, type WriteRequest } from '../write-request.js';
import { created, noContent, ok, type StoredResponse } from '../write-response.js';
import { createAliasClaims } from './alias-claims.js';
import { packageBody, packageLocation, versionSetBody, versionSetLocation } from './catalog.presenter.js';
import { CreatePackageDto, SERVER_OWNED, UpdatePackageDto } from './dto/package.dto.js';
import { CreateVersionSetDto, UpdateVersionSetDto } from './dto/version-set.dto.js';

type Result = CommandResult<CatalogPackageState, CatalogEvent>;
type Target = { packageId: string; isNew?: boolean };
type Build = (ctx: WriteContext) => CatalogCommand;
type Respond = (result: Result) => StoredResponse;

const nothing = (): undefined => undefined;

/**
 * Runs the catalog's six write commands: check the request, resolve the package, decide and append,
 * answer. All of it runs inside the idempotent run, so a refusal is recorded and replayed too.
 */
export class CatalogCommands {
  constructor(
    private readonly pipeline: CommandPipeline<CatalogPackageState, CatalogEvent>,
    private readonly aliases: UniquenessStore<string>,
    private readonly idempotency: Idempotency,
  ) {}

  createPackage(request: WriteRequest): Promise<StoredResponse> {
    const ids = { ...newWriteIds(), id: `pkg_${randomUUID()}` };
    return this.idempotency.run(idempotentRequest(request, catalogRefusal), ids, (run) => {
      const body = checkBodyShape(CreatePackageDto, request.body, SERVER_OWNED);
      const target = { packageId: run.ids.id, isNew: true };
      return this.execute(request, run, target, (ctx) => ({ type: 'CreatePackage', id: run.ids.id, body, ...ctx }), (result) => {
        const live = liveState(result);
        return created(packageBody(live, request.url), packageLocation(request.url, live.id), result);
      });
    });
  }

  updatePackage(request: WriteRequest, ref: string): Promise<StoredResponse> {
    const check = () => checkBodyShape(UpdatePackageDto, request.body);
    return this.onPackage(request, ref, check, (id, body, ctx) => ({ type: 'UpdatePackage', id, body, ...ctx }), (result) =>
      ok(packageBody(liveState(result), request.url), result),
    );
  }

  deletePackage(request: WriteRequest, ref: string): Promise<StoredResponse> {
    return this.onPackage(request, ref, nothing, (id, _, ctx) => ({ type: 'DeletePackage', id, ...ctx }), noContent);
  }

  createVersionSet(request: WriteRequest, ref: string): Promise<StoredResponse> {
    const check = () => checkBodyShape(CreateVersionSetDto, request.body);
    return this.onPackage(request, ref, check, (packageId, body, ctx) => ({ type: 'CreateVersionSet', packageId, body, ...ctx }), (result) => {
      const live = liveState(result);
      const number = (result.event?.data as { number: number }).number;
      return created(versionSetBody(live.id, requireVersionSet(live, number), request.url), versionSetLocation(request.url, live.id, number), result);
    });
  }

  updateVersionSet(request: WriteRequest, ref: string, numberText: string): Promise<StoredResponse> {
    const check = () => ({ body: checkBodyShape(UpdateVersionSetDto, request.body), number: pathNumber(ref, numberText) });
    const build = (packageId: string, { body, number }: ReturnType<typeof check>, ctx: WriteContext): CatalogCommand => ({
      type: 'UpdateVersionSet',
      packageId,
      number,
      body,
      ...ctx,
    });
    return this.onPackage(request, ref, check, build, (result, { number }) => {
      const live = liveState(result);
      return ok(versionSetBody(live.id, requireVersionSet(live, number), request.url), result);
    });
  }

  deleteVersionSet(request: WriteRequest, ref: string, numberText: string): Promise<StoredResponse> {
    const check = () => pathNumber(ref, numberText);
    return this.onPackage(request, ref, check, (packageId, number, ctx) => ({ type: 'DeleteVersionSet', packageId, number, ...ctx }), noContent);
  }

  /**
   * A command on an existing package named by id or alias. `check` reads the path and body first,
   * so a malformed request is refused whatever the package reference names.
   */
  private onPackage<I>(
    request: WriteRequest,
    ref: string,
    check: () => I,
    build: (packageId: string, input: I, ctx: WriteContext) => CatalogCommand,
    respond: (result: Result, input: I) => StoredResponse,
  ): Promise<StoredResponse> {
    return this.idempotency.run(idempotentRequest(request, catalogRefusal), newWriteIds(), async (run) => {
      const input = check();
      const packageId = await this.resolve(ref);
      return this.execute(request, run, { packageId }, (ctx) => build(packageId, input, ctx), (result) => respond(result, input));
    });
  }

  private async execute(request: WriteRequest, run: Execution<WriteIds>, target: Target, build: Build, respond: Respond): Promise<StoredResponse> {
    const claims = createAliasClaims(this.aliases, target.packageId);
    const where = { subject: catalogSubject(target.packageId), aggregateId: target.packageId, ...(target.isNew && { isNew: true }) };
    return respond(await executeWrite(this.pipeline, request, run, where, claims, (ctx, state) => decide(build(ctx), state)));
  }

  /** Alias → id through the alias store (backed by the owner's stream), never a read model. */
  private async resolve(ref: string): Promise<string> {
    if (isPackageId(ref)) return ref;
    const owner = isAlias(ref) ? await this.aliases.resolve(ref) : undefined;
    if (owner === undefined) throw new NotFoundError('Package', ref);
    return owner;
  }
}

function pathNumber(ref: string, text: string): number {
  const number = parseVersionSetNumber(text);
  if (number === null) throw new NotFoundError('VersionSet', `${ref}:${text}`);
  return number;
}

/** A re-run may find the package changed again since; answer what is there now. */
function liveState(result: Result): LiveCatalogPackage {
  if (result.state.status !== 'live') throw new NotFoundError('Package', result.state.status === 'deleted' ? result.state.id : '');
  return result.state;
}

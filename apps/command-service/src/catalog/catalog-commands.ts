import { randomUUID } from 'node:crypto';
import type { CatalogCommand } from '../../../../libs/domain/src/catalog/catalog-package.commands.js';
import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import { isAlias, isPackageId, parseVersionSetNumber } from '../../../../libs/domain/src/catalog/catalog-package.rules.js';
import type { CatalogPackageState, LiveCatalogPackage } from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import { requireComponent } from '../../../../libs/domain/src/catalog/catalog-component.decider.js';
import { requireRelease } from '../../../../libs/domain/src/catalog/catalog-release.decider.js';
import { parseReleaseRef } from '../../../../libs/domain/src/catalog/catalog-release.rules.js';
import { requireVersionSet } from '../../../../libs/domain/src/catalog/catalog-version-set.decider.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { catalogSubject } from '../../../../libs/event-store/src/subjects.js';
import type { CommandResult } from '../pipeline/command-pipeline.js';
import type { UniquenessStore } from '../uniqueness/uniqueness.store.js';
import { checkBodyShape } from '../validation/body-shape.js';
import { runWrite, type WriteFamily, type WritePlan } from '../write/run-write.js';
import { newWriteIds, type WriteRequest } from '../write/write-request.js';
import { created, noContent, ok, type StoredResponse } from '../write/write-response.js';
import {
  componentBody,
  componentLocation,
  packageBody,
  packageLocation,
  releaseBody,
  releaseLocation,
  versionSetBody,
  versionSetLocation,
} from './catalog.presenter.js';
import { COMPONENT_SERVER_OWNED, CreateComponentDto, UpdateComponentDto } from './dto/component.dto.js';
import { CreatePackageDto, SERVER_OWNED, UpdatePackageDto } from './dto/package.dto.js';
import { CreateReleaseDto, RELEASE_SERVER_OWNED, UpdateReleaseDto } from './dto/release.dto.js';
import { CreateVersionSetDto, UpdateVersionSetDto } from './dto/version-set.dto.js';

export type CatalogWrites = WriteFamily<CatalogPackageState, CatalogEvent, CatalogCommand>;
type Result = CommandResult<CatalogPackageState, CatalogEvent>;
type Plan = WritePlan<CatalogPackageState, CatalogEvent, CatalogCommand>;

/**
 * The catalog's writes: packages, VersionSets, components and releases, all commands on the package
 * aggregate. Each checks its path and body first (so a malformed request is refused whatever the
 * package reference names), resolves the package, and says what to decide and how to answer;
 * `runWrite` does the rest, so a refusal is recorded under an Idempotency-Key too.
 */
export class CatalogCommands {
  constructor(
    private readonly writes: CatalogWrites,
    private readonly aliases: UniquenessStore<string>,
  ) {}

  createPackage(request: WriteRequest): Promise<StoredResponse> {
    return runWrite(this.writes, request, { ...newWriteIds(), id: `pkg_${randomUUID()}` }, ({ id = '' }, ctx) => {
      const body = checkBodyShape(CreatePackageDto, request.body, SERVER_OWNED);
      return plan(id, { type: 'CreatePackage', id, body, ...ctx }, (result) => {
        const live = liveState(result);
        return created(packageBody(live, request.url), packageLocation(request.url, live.id), result);
      }, true);
    });
  }

  updatePackage(request: WriteRequest, ref: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(UpdatePackageDto, request.body);
      const id = await this.resolve(ref);
      return plan(id, { type: 'UpdatePackage', id, body, ...ctx }, (result) => ok(packageBody(liveState(result), request.url), result));
    });
  }

  deletePackage(request: WriteRequest, ref: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const id = await this.resolve(ref);
      return plan(id, { type: 'DeletePackage', id, ...ctx }, noContent);
    });
  }

  createVersionSet(request: WriteRequest, ref: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(CreateVersionSetDto, request.body);
      const packageId = await this.resolve(ref);
      return plan(packageId, { type: 'CreateVersionSet', packageId, body, ...ctx }, (result) => {
        const live = liveState(result);
        const number = (result.event?.data as { number: number }).number;
        return created(versionSetBody(live.id, requireVersionSet(live, number), request.url), versionSetLocation(request.url, live.id, number), result);
      });
    });
  }

  updateVersionSet(request: WriteRequest, ref: string, numberText: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(UpdateVersionSetDto, request.body);
      const number = pathNumber(ref, numberText);
      const packageId = await this.resolve(ref);
      return plan(packageId, { type: 'UpdateVersionSet', packageId, number, body, ...ctx }, (result) => {
        const live = liveState(result);
        return ok(versionSetBody(live.id, requireVersionSet(live, number), request.url), result);
      });
    });
  }

  deleteVersionSet(request: WriteRequest, ref: string, numberText: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const number = pathNumber(ref, numberText);
      const packageId = await this.resolve(ref);
      return plan(packageId, { type: 'DeleteVersionSet', packageId, number, ...ctx }, noContent);
    });
  }

  createComponent(request: WriteRequest, ref: string, numberText: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(CreateComponentDto, request.body, COMPONENT_SERVER_OWNED);
      const number = pathNumber(ref, numberText);
      const packageId = await this.resolve(ref);
      return plan(packageId, { type: 'CreateComponent', packageId, number, body, ...ctx }, (result) => {
        const live = liveState(result);
        const component = requireComponent(live, number, body.name);
        return created(componentBody(live.id, component, request.url), componentLocation(request.url, live.id, number, component.name), result);
      });
    });
  }

  updateComponent(request: WriteRequest, ref: string, numberText: string, name: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(UpdateComponentDto, request.body);
      const number = pathNumber(ref, numberText);
      const packageId = await this.resolve(ref);
      return plan(packageId, { type: 'UpdateComponent', packageId, number, name, body, ...ctx }, (result) => {
        const live = liveState(result);
        return ok(componentBody(live.id, requireComponent(live, number, name), request.url), result);
      });
    });
  }

  deleteComponent(request: WriteRequest, ref: string, numberText: string, name: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const number = pathNumber(ref, numberText);
      const packageId = await this.resolve(ref);
      return plan(packageId, { type: 'DeleteComponent', packageId, number, name, ...ctx }, noContent);
    });
  }

  createRelease(request: WriteRequest, ref: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(CreateReleaseDto, request.body, RELEASE_SERVER_OWNED);
      const packageId = await this.resolve(ref);
      return plan(packageId, { type: 'CreateRelease', packageId, body, ...ctx }, (result) => {
        const live = liveState(result);
        const release = requireRelease(live, body.version);
        return created(releaseBody(live, release, request.url), releaseLocation(request.url, live.id, release.version), result);
      });
    });
  }

  updateRelease(request: WriteRequest, ref: string, releaseText: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const body = checkBodyShape(UpdateReleaseDto, request.body);
      const { packageId, version } = await this.resolveRelease(ref, releaseText);
      return plan(packageId, { type: 'UpdateRelease', packageId, version, body, ...ctx }, (result) => {
        const live = liveState(result);
        return ok(releaseBody(live, requireRelease(live, version), request.url), result);
      });
    });
  }

  deleteRelease(request: WriteRequest, ref: string, releaseText: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), async (_, ctx) => {
      const { packageId, version } = await this.resolveRelease(ref, releaseText);
      return plan(packageId, { type: 'DeleteRelease', packageId, version, ...ctx }, noContent);
    });
  }

  private async resolve(ref: string): Promise<string> {
    const owner = await this.ownerOf(ref);
    if (owner === undefined) throw new NotFoundError('Package', ref);
    return owner;
  }

  /** Alias → id through the alias store (backed by the owner's stream), never a read model. */
  private async ownerOf(ref: string): Promise<string | undefined> {
    if (isPackageId(ref)) return ref;
    return isAlias(ref) ? this.aliases.resolve(ref) : undefined;
  }

  /**
   * `{release}` is `<package id or alias>@<version>` or the bare version; a package part naming
   * another package (or none) is 404, as on the read side.
   */
  private async resolveRelease(ref: string, releaseText: string): Promise<{ packageId: string; version: string }> {
    const parsed = parseReleaseRef(releaseText);
    const packageId = await this.resolve(ref);
    const named = parsed?.packageRef == null ? packageId : await this.ownerOf(parsed.packageRef);
    if (parsed === null || named !== packageId) {
      throw new NotFoundError('PackageRelease', parsed?.packageRef == null ? `${ref}@${releaseText}` : releaseText);
    }
    return { packageId, version: parsed.version };
  }
}

const plan = (packageId: string, command: CatalogCommand, respond: (result: Result) => StoredResponse, isNew = false): Plan => ({
  target: { subject: catalogSubject(packageId), aggregateId: packageId, ...(isNew && { isNew: true }) },
  command,
  respond,
});

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

import { randomUUID } from 'node:crypto';
import type { AccountPackageCommand, AccountPackagePutBody } from '../../../../libs/domain/src/accounts/account-package.commands.js';
import { decide } from '../../../../libs/domain/src/accounts/account-package.decider.js';
import type { AccountPackageEvent, AccountPackageSpec, Label } from '../../../../libs/domain/src/accounts/account-package.events.js';
import { isLowerUuid, type AccountUniquenessKey } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { accountPackageSubject } from '../../../../libs/event-store/src/subjects.js';
import type { Execution, Idempotency } from '../idempotency/idempotency.js';
import type { CommandPipeline, CommandResult } from '../pipeline/command-pipeline.js';
import type { UniquenessStore } from '../uniqueness/uniqueness.store.js';
import { checkBodyShape } from '../validation/body-shape.js';
import { executeWrite, type WriteContext } from '../write-execution.js';
import { accountsRefusal } from '../write-refusal.js';
import { idempotentRequest, newWriteIds, type WriteIds, type WriteRequest } from '../write-request.js';
import { created, noContent, type StoredResponse } from '../write-response.js';
import { accountPackageBody, accountPackageLocation } from './account-package.presenter.js';
import { CreateAccountPackageDto, SERVER_OWNED, UpdateAccountPackageDto } from './dto/account-package.dto.js';
import { createTupleClaims } from './tuple-claims.js';

type Result = CommandResult<AccountPackageState, AccountPackageEvent>;
type Target = { accountId: string; packageId: string; isNew?: boolean };
type Build = (ctx: WriteContext) => AccountPackageCommand;
type Respond = (result: Result) => StoredResponse;

/** A create body after the shape check: the spec fields plus `metadata`, of which only labels count. */
export type CreateBody = AccountPackageSpec & { metadata?: { labels?: Label[] | null } | null };

/**
 * Runs the three account package writes: check the request, decide and append through the
 * pipeline, answer. All of it runs inside the idempotent run, so a refusal is recorded and replayed too.
 */
export class AccountCommands {
  constructor(
    private readonly pipeline: CommandPipeline<AccountPackageState, AccountPackageEvent>,
    private readonly tuples: UniquenessStore<AccountUniquenessKey>,
    private readonly idempotency: Idempotency,
  ) {}

  create(request: WriteRequest, accountId: string): Promise<StoredResponse> {
    const ids = { ...newWriteIds(), id: randomUUID() };
    return this.idempotency.run(idempotentRequest(request, accountsRefusal(request)), ids, (run) => {
      const { metadata, ...spec } = withoutNulls(checkBodyShape(CreateAccountPackageDto, request.body, SERVER_OWNED)) as CreateBody;
      const labels = metadata?.labels ?? [];
      const target = { accountId, packageId: run.ids.id, isNew: true };
      const build = (ctx: WriteContext): AccountPackageCommand => ({ type: 'CreateAccountPackage', id: run.ids.id, accountId, spec, labels, ...ctx });
      return this.execute(request, run, target, build, (result) => createdPackage(request, accountId, result));
    });
  }

  update(request: WriteRequest, accountId: string, packageId: string): Promise<StoredResponse> {
    return this.onPackage(request, { accountId, packageId }, () => {
      const body = checkBodyShape(UpdateAccountPackageDto, request.body) as unknown as AccountPackagePutBody;
      return (ctx) => ({ type: 'UpdateAccountPackage', id: packageId, accountId, body, ...ctx });
    });
  }

  remove(request: WriteRequest, accountId: string, packageId: string): Promise<StoredResponse> {
    return this.onPackage(request, { accountId, packageId }, () => (ctx) => ({ type: 'DeleteAccountPackage', id: packageId, accountId, ...ctx }));
  }

  /**
   * PUT and DELETE answer 204. `prepare` checks the body and says what to decide; a malformed
   * package id names no package (problem 1), after the body was found well-formed.
   */
  private onPackage(request: WriteRequest, target: Target, prepare: () => Build): Promise<StoredResponse> {
    return this.idempotency.run(idempotentRequest(request, accountsRefusal(request)), newWriteIds(), (run) => {
      const build = prepare();
      if (!isLowerUuid(target.packageId)) throw new NotFoundError('Package', target.packageId);
      return this.execute(request, run, target, build, noContent);
    });
  }

  private async execute(request: WriteRequest, run: Execution<WriteIds>, target: Target, build: Build, respond: Respond): Promise<StoredResponse> {
    const claims = createTupleClaims(this.tuples, target.accountId, target.packageId);
    const subject = accountPackageSubject(target.accountId, target.packageId);
    const where = { subject, aggregateId: target.packageId, accountId: target.accountId, ...(target.isNew && { isNew: true }) };
    return respond(await executeWrite(this.pipeline, request, run, where, claims, (ctx, state) => decide(build(ctx), state)));
  }
}

/** Rendered from the PackageCreated event: a re-run answers the package as it was created. */
function createdPackage(request: WriteRequest, accountId: string, result: Result): StoredResponse {
  const event = result.event;
  if (event?.type !== 'PackageCreated') throw new Error('a create answered without its PackageCreated event');
  return created(accountPackageBody(event.data), accountPackageLocation(request.url, accountId, event.data.id), result);
}

/** `null` means absent: left out of the event, so the stream holds no nulls. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([, member]) => member !== null);
  return Object.fromEntries(entries.map(([key, member]) => [key, withoutNulls(member)]));
}

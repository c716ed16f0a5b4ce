import { randomUUID } from 'node:crypto';
import type { AccountPackageCommand, AccountPackagePutBody } from '../../../../libs/domain/src/accounts/account-package.commands.js';
import type { AccountPackageEvent, AccountPackageSpec, Label } from '../../../../libs/domain/src/accounts/account-package.events.js';
import { isLowerUuid } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import { NotFoundError } from '../../../../libs/domain/src/errors.js';
import { accountPackageSubject } from '../../../../libs/event-store/src/subjects.js';
import type { CommandResult } from '../pipeline/command-pipeline.js';
import { checkBodyShape } from '../validation/body-shape.js';
import { runWrite, type WriteFamily, type WritePlan } from '../write/run-write.js';
import { newWriteIds, type WriteRequest } from '../write/write-request.js';
import { created, noContent, type StoredResponse } from '../write/write-response.js';
import { accountPackageBody, accountPackageLocation } from './account-package.presenter.js';
import { CreateAccountPackageDto, SERVER_OWNED, UpdateAccountPackageDto } from './dto/account-package.dto.js';

export type AccountWrites = WriteFamily<AccountPackageState, AccountPackageEvent, AccountPackageCommand>;
type Result = CommandResult<AccountPackageState, AccountPackageEvent>;
type Plan = WritePlan<AccountPackageState, AccountPackageEvent, AccountPackageCommand>;

/** A create body after the shape check: the spec fields plus `metadata`, of which only labels count. */
export type CreateBody = AccountPackageSpec & { metadata?: { labels?: Label[] | null } | null };

/**
 * The three account package writes. Each checks its body, then says what to decide and how to
 * answer; `runWrite` does the rest, so a refusal is recorded under an Idempotency-Key too. A
 * malformed package id names no package (problem 1), after the body was found well-formed.
 */
export class AccountCommands {
  constructor(private readonly writes: AccountWrites) {}

  create(request: WriteRequest, accountId: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, { ...newWriteIds(), id: randomUUID() }, ({ id = '' }, ctx) => {
      const { metadata, ...spec } = withoutNulls(checkBodyShape(CreateAccountPackageDto, request.body, SERVER_OWNED)) as CreateBody;
      const labels = metadata?.labels ?? [];
      const command: AccountPackageCommand = { type: 'CreateAccountPackage', id, accountId, spec, labels, ...ctx };
      return plan(accountId, id, command, (result) => createdPackage(request, accountId, result), true);
    });
  }

  update(request: WriteRequest, accountId: string, packageId: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), (_, ctx) => {
      const body = checkBodyShape(UpdateAccountPackageDto, request.body) as unknown as AccountPackagePutBody;
      return plan(accountId, existing(packageId), { type: 'UpdateAccountPackage', id: packageId, accountId, body, ...ctx }, noContent);
    });
  }

  remove(request: WriteRequest, accountId: string, packageId: string): Promise<StoredResponse> {
    return runWrite(this.writes, request, newWriteIds(), (_, ctx) =>
      plan(accountId, existing(packageId), { type: 'DeleteAccountPackage', id: packageId, accountId, ...ctx }, noContent),
    );
  }
}

const plan = (accountId: string, packageId: string, command: AccountPackageCommand, respond: (result: Result) => StoredResponse, isNew = false): Plan => ({
  target: { subject: accountPackageSubject(accountId, packageId), aggregateId: packageId, accountId, ...(isNew && { isNew: true }) },
  command,
  respond,
});

function existing(packageId: string): string {
  if (!isLowerUuid(packageId)) throw new NotFoundError('Package', packageId);
  return packageId;
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

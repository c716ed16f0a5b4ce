import type { AccountPackageResource } from '../../../../libs/domain/src/accounts/account-package.events.js';
import type { CloudEvent } from '../../../../libs/event-store/src/cloud-event.js';
import { accountPackageSubject } from '../../../../libs/event-store/src/subjects.js';

/** The PackageCreated the verifier acts on, with the aggregate it belongs to. */
export type CreatedPackage = {
  event: CloudEvent<AccountPackageResource>;
  accountId: string;
  packageId: string;
  /** `artifacts.accounts.<accountId>.<packageId>`. */
  subject: string;
};

/** Thrown for a delivery the verifier cannot act on: it is retried, then dead-lettered. */
export class UnverifiableEventError extends Error {
  override readonly name = 'UnverifiableEventError';
}

const SOURCE = /^\/accounts\/([^/]+)$/;
/** The version of `accounts.PackageCreated` this verifier reads. */
const SUPPORTED_SCHEMA_VERSION = 1;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks what the verifier relies on. The aggregate comes from the event's `source` and `subject`
 * and must be the stream subject it was delivered on, so a stray message cannot make the verifier
 * write to another package's history.
 */
export function readPackageCreated(payload: unknown, deliveredOn: string): CreatedPackage {
  if (!isObject(payload) || payload.type !== 'accounts.PackageCreated') throw new UnverifiableEventError('not an accounts.PackageCreated event');
  if (payload.schemaversion !== SUPPORTED_SCHEMA_VERSION) {
    throw new UnverifiableEventError(`accounts.PackageCreated schemaversion ${String(payload.schemaversion)} is not supported (reads ${SUPPORTED_SCHEMA_VERSION})`);
  }
  const { id, source, subject: packageId, data } = payload;
  const accountId = typeof source === 'string' ? SOURCE.exec(source)?.[1] : undefined;
  if (typeof id !== 'string' || accountId === undefined || typeof packageId !== 'string' || !isObject(data)) {
    throw new UnverifiableEventError('accounts.PackageCreated lacks id, source, subject or data');
  }
  const subject = accountPackageSubject(accountId, packageId);
  if (subject !== deliveredOn) throw new UnverifiableEventError(`event for ${subject} was delivered on ${deliveredOn}`);
  return { event: payload as unknown as CloudEvent<AccountPackageResource>, accountId, packageId, subject };
}

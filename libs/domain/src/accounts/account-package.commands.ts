// Commands of the account package aggregate. Ids, actor and time arrive in the command.
import type { CommandContext } from '../command-context.js';
import type { SYSTEM_ACTOR } from '../event-meta.js';
import type { AccountPackageSpec, Label, PackageState, StateDetail } from './account-package.events.js';

export type CreateAccountPackage = CommandContext & {
  type: 'CreateAccountPackage';
  /** The new package UUID, chosen before the append (kept with an idempotency key). */
  id: string;
  accountId: string;
  spec: AccountPackageSpec;
  /** `metadata.labels` of the body; the server owns the rest of `metadata`. */
  labels: Label[];
};

/** A PUT body: the full resource as a GET returned it, after shape validation. */
export type AccountPackagePutBody = AccountPackageSpec & {
  id?: string | null;
  packageState: PackageState;
  packageStateDetails: StateDetail[];
  /** Ignored: a fixed table. */
  packageStateTransitions?: unknown;
  /** Only `labels` is taken; creationTimestamp, createdBy and the rest are server-owned and ignored. */
  metadata?: ({ labels?: Label[] | null } & Record<string, unknown>) | null;
};

export type UpdateAccountPackage = CommandContext & {
  type: 'UpdateAccountPackage';
  /** From the path. */
  id: string;
  accountId: string;
  body: AccountPackagePutBody;
};

export type DeleteAccountPackage = CommandContext & { type: 'DeleteAccountPackage'; id: string; accountId: string };

export type VerificationResult = {
  to: Exclude<PackageState, 'verifying'>;
  packageStateDetails: StateDetail[];
};

/** The verifier's outcome; the system acts, so the actor is the nil UUID. */
export type RecordVerification = CommandContext & {
  type: 'RecordVerification';
  id: string;
  accountId: string;
  result: VerificationResult;
  actor: typeof SYSTEM_ACTOR;
};

export type AccountPackageCommand =
  | CreateAccountPackage
  | UpdateAccountPackage
  | DeleteAccountPackage
  | RecordVerification;

export type AccountPackageCommandType = AccountPackageCommand['type'];

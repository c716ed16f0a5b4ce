import { createHash } from 'node:crypto';
import type { AccountPackageEvent, PackageState } from '../../../../libs/domain/src/accounts/account-package.events.js';
import { decide } from '../../../../libs/domain/src/accounts/account-package.decider.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import { verifyPackage } from '../../../../libs/domain/src/accounts/package-verification.js';
import { SYSTEM_ACTOR } from '../../../../libs/domain/src/event-meta.js';
import type { CommandPipeline } from '../pipeline/command-pipeline.js';
import type { CreatedPackage } from './package-created.event.js';

export type VerificationOutcome =
  | { recorded: true; to: PackageState; sequence: number }
  /** The package had already left `verifying` (an operator's PUT, or an earlier delivery). */
  | { recorded: false; state: PackageState | 'deleted' };

/**
 * One id per verified PackageCreated (a name-based UUID, RFC 9562 v5 layout over SHA-256): a
 * redelivery after a crash between the append and the ack publishes the same `Nats-Msg-Id`.
 */
export const verificationEventId = (createdEventId: string): string => {
  const bytes = createHash('sha256').update(`package-verification:${createdEventId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Checks a created bundle and records the outcome through the command pipeline: the append carries
 * the version the decision was made on, so an operator's transition that landed first wins, and
 * RecordVerification on a package no longer `verifying` decides nothing (redelivery is a no-op).
 */
export class PackageVerifier {
  constructor(
    private readonly pipeline: CommandPipeline<AccountPackageState, AccountPackageEvent>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async verify(created: CreatedPackage): Promise<VerificationOutcome> {
    const { event, accountId, packageId, subject } = created;
    const result = verifyPackage(event.data);
    const now = this.clock().toISOString();
    const outcome = await this.pipeline.execute({
      subject,
      aggregateId: packageId,
      accountId,
      eventId: verificationEventId(event.id),
      envelope: { actor: SYSTEM_ACTOR, correlationId: event.correlationid, causationId: event.id, now },
      decide: (state) => decide({ type: 'RecordVerification', id: packageId, accountId, result, actor: SYSTEM_ACTOR, now }, state),
    });
    if (outcome.event) return { recorded: true, to: result.to, sequence: outcome.event.meta.version };
    const { state } = outcome;
    return { recorded: false, state: state.status === 'live' ? state.resource.packageState : 'deleted' };
  }
}

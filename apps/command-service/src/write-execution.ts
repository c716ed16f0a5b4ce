import { AppendOutcomeUnknownError } from '../../../libs/event-store/src/event-store.js';
import type { Execution } from './idempotency/idempotency.js';
import type { DomainEvent } from './pipeline/aggregate-model.js';
import type { CommandPipeline, CommandResult } from './pipeline/command-pipeline.js';
import type { WriteIds, WriteRequest } from './write-request.js';

/** Who writes and when: what every family's command carries besides its own fields. */
export type WriteContext = { actor: string; now: string };

/** The unique values a write claims before its append (catalog aliases, the accounts tuple). */
export type WriteClaims<S, E> = {
  beforeAppend(event: E, state: S): Promise<void>;
  /** `appended` = the event this write decided is in the stream: keep the claims, or release them. */
  settle(appended: boolean): Promise<void>;
  /**
   * An earlier attempt's event was found in the stream: re-establish every claim the aggregate's
   * state (that event included) holds, and free what this attempt claimed beyond it.
   */
  restore(state: S): Promise<void>;
};

export type WriteTarget = { subject: string; aggregateId: string; accountId?: string; isNew?: boolean };

/**
 * Decides and appends one write through its family's pipeline with the ids the idempotency record
 * holds. Claims are released on a verdict against the write and kept when the append's outcome is
 * unknown. A re-run of an earlier attempt looks for its event first, never counts the aggregate as
 * new, and restores the claims of an event it finds before answering.
 */
export async function executeWrite<S, E extends DomainEvent>(
  pipeline: CommandPipeline<S, E>,
  request: WriteRequest,
  { ids, rerun, appending }: Execution<WriteIds>,
  target: WriteTarget,
  claims: WriteClaims<S, E>,
  decide: (ctx: WriteContext, state: S) => E | null,
): Promise<CommandResult<S, E>> {
  const now = new Date().toISOString();
  let result: CommandResult<S, E>;
  try {
    result = await pipeline.execute({
      subject: target.subject,
      aggregateId: target.aggregateId,
      ...(target.accountId !== undefined && { accountId: target.accountId }),
      eventId: ids.eventId,
      envelope: { actor: request.actor, correlationId: request.correlationId, causationId: ids.commandId, now },
      decide: (state) => decide({ actor: request.actor, now }, state),
      beforeAppend: claims.beforeAppend,
      onAppend: appending,
      ...(request.ifMatch && { ifMatch: request.ifMatch }),
      isNew: target.isNew === true && !rerun,
      recheck: rerun,
    });
  } catch (err) {
    // Only a verdict releases claims: after a publish without one, the event may hold them.
    if (!(err instanceof AppendOutcomeUnknownError)) await claims.settle(false);
    throw err;
  }
  if (result.earlier) await claims.restore(result.state);
  else await claims.settle(result.event !== undefined);
  return result;
}

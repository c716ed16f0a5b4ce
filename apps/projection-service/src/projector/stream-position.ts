import { jetstreamManager, type JetStreamManager, type MsgRequest } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ServiceUnavailableError } from '../../../../libs/http/src/errors/http.errors.js';

/** The stream's last sequence from JetStream stream info, cached briefly (a read does not cost a request). */
export class StreamPosition {
  private cached: { value: number; at: number } | undefined;
  /** The answer for one sequence never changes (nothing is deleted after it), so one entry is enough. */
  private nextTime: { after: number; time: Date } | undefined;
  private jsm: Promise<JetStreamManager> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly cacheMs = 250,
  ) {}

  /** `fresh` skips the cache: a position just beyond a cached value may be a write made since. */
  async lastSequence(fresh = false): Promise<number> {
    const now = Date.now();
    if (!fresh && this.cached && now - this.cached.at < this.cacheMs) return this.cached.value;
    try {
      this.jsm ??= jetstreamManager(this.nc, { checkAPI: false });
      const info = await (await this.jsm).streams.info(this.stream);
      this.cached = { value: info.state.last_seq, at: now };
      return info.state.last_seq;
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /** When the stream stored its first message after `sequence`; undefined when there is none yet. */
  async timeAfter(sequence: number): Promise<Date | undefined> {
    if (this.nextTime?.after === sequence) return this.nextTime.time;
    try {
      this.jsm ??= jetstreamManager(this.nc, { checkAPI: false });
      // `next_by_subj` (the first message at or after `seq`) skips a gap a deleted message left;
      // servers ≥ 2.9 answer it on the plain message-get API, whose client type omits it.
      const query = { seq: sequence + 1, next_by_subj: '>' } as unknown as MsgRequest;
      const message = await (await this.jsm).streams.getMessage(this.stream, query);
      if (message === null) return undefined;
      this.nextTime = { after: sequence, time: message.time };
      return message.time;
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  /** The client's error (kept as the cause, for logs) names servers and internals: the answer does not. */
  private unavailable(err: unknown): ServiceUnavailableError {
    this.jsm = undefined;
    const answer = new ServiceUnavailableError(1, 'The event store is not answering; retry later.');
    answer.cause = err;
    return answer;
  }
}

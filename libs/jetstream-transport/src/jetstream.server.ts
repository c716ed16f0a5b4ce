import { AckPolicy, DeliverPolicy, JetStreamApiError, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { untilAvailable } from '../../event-store/src/until-available.js';
import { ConsumerRunner } from './consumer-runner.js';
import { ensureDeadLetterStream } from './dead-letter.js';
import { resolveOptions, transportNames, type JetStreamTransportOptions, type ResolvedOptions } from './jetstream-transport.options.js';
import type { JetStreamContext } from './jetstream.context.js';
import { settlesWithin } from './settles-within.js';
import { Slots } from './slots.js';

const MAX_ACK_PENDING = 1000;
const FLUSH_WAIT_MS = 2000;

/**
 * `@nestjs/microservices` transport over a durable JetStream pull consumer per subscriber group.
 * `@EventPattern('<family>.<Type>')` handlers receive the CloudEvent; the message is acked only
 * after every handler for its type resolved. See the README for the delivery semantics.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  // Failures are awaited and settled here (nak / dead letter), so Nest need not report them itself.
  override readonly propagatesEventHandlerErrors = true;
  private readonly config: ResolvedOptions;
  private connection?: NatsConnection;
  private runners: ConsumerRunner[] = [];

  constructor(options: JetStreamTransportOptions) {
    super();
    this.config = resolveOptions(options);
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** Stops fetching, waits for running handlers, settles them, then closes an owned connection. */
  async close(): Promise<void> {
    const runners = this.runners;
    this.runners = [];
    await Promise.all(runners.map((runner) => runner.stop()));
    const nc = this.connection;
    this.connection = undefined;
    if (!nc || nc.isClosed()) return;
    // Acks and naks are fire-and-forget publishes: make sure they left. While NATS is away a flush
    // fails or waits for a reconnect that may never come; neither stops the close, and what it did
    // not send is delivered again.
    if (!(await settlesWithin(nc.flush(), FLUSH_WAIT_MS))) this.logger.warn(`NATS did not answer a flush within ${FLUSH_WAIT_MS} ms on close; unsent acks are delivered again`);
    if (!this.config.connection) await nc.close();
  }

  on(): void {
    throw new Error('JetStreamServer has no events to listen to');
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('JetStreamServer is not connected');
    return this.connection as T;
  }

  private async start(): Promise<void> {
    const { config } = this;
    const nc = config.connection ?? (await connect({ servers: config.servers ?? 'nats://127.0.0.1:4222' }));
    this.connection = nc;
    const js = jetstream(nc);
    const names = transportNames(config.stream, config.subscriber);
    // Started while JetStream cannot answer (a cluster electing), the subscriber waits for it.
    const dlqStream = await untilAvailable(
      async () => {
        const jsm = await jetstreamManager(nc);
        const created = await ensureDeadLetterStream(jsm, config.stream);
        await this.ensureDurable(jsm, config.stream, names.durable, config.filterSubject);
        await this.ensureDurable(jsm, created, names.replayDurable, names.replaySubject);
        return created;
      },
      { onRetry: (err) => this.logger.warn(`JetStream does not answer yet (${err.message}); trying again`) },
    );
    const slots = new Slots(config.concurrency);
    const base = { js, options: config, slots, logger: this.logger, hasHandler: (t: string) => this.hasHandler(t), dispatch: this.dispatch };
    this.runners = [
      new ConsumerRunner({ ...base, consumer: await js.consumers.get(config.stream, names.durable), replay: false }),
      new ConsumerRunner({ ...base, consumer: await js.consumers.get(dlqStream, names.replayDurable), replay: true }),
    ];
    for (const runner of this.runners) runner.start();
  }

  /** Our own delivery count decides dead-lettering, so the server's `max_deliver` stays unlimited. */
  private async ensureDurable(jsm: JetStreamManager, stream: string, durable: string, filter: string): Promise<void> {
    const settings = { filter_subject: filter, ack_wait: nanos(this.config.ackWaitMs), max_deliver: -1, max_ack_pending: MAX_ACK_PENDING };
    try {
      await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ...settings });
    } catch (err) {
      if (!(err instanceof JetStreamApiError)) throw err;
      await jsm.consumers.update(stream, durable, settings);
    }
  }

  private hasHandler(type: string): boolean {
    return type !== '' && this.getHandlerByPattern(type) !== null;
  }

  /**
   * A throwing `@EventPattern` handler yields an erroring Observable that Nest does not await:
   * unwrapping it here is what turns a failure into a nak instead of an ack.
   */
  private readonly dispatch = async (type: string, data: unknown, context: JetStreamContext): Promise<void> => {
    const handler = this.getHandlerByPattern(type);
    if (!handler) return;
    const result = await handler(data, context);
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  };
}

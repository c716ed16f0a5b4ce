import { randomUUID } from 'node:crypto';
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { startNats, type NatsServer } from '../../../test/support/nats-server.js';
import type { CloudEvent } from '../../event-store/src/cloud-event.js';
import { JetStreamErrorFilter } from './jetstream-error.filter.js';
import type { JetStreamTransportOptions } from './jetstream-transport.options.js';
import type { JetStreamContext } from './jetstream.context.js';
import { JetStreamServer } from './jetstream.server.js';

export const STREAM = 'ARTIFACTS';

/** The event stream as the event store creates it, made here so these tests need nothing else. */
async function createEventStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: STREAM, subjects: ['artifacts.>'], storage: StorageType.File, duplicate_window: 120e9 });
}

export type EventStreamServer = {
  readonly nats: NatsServer;
  readonly nc: NatsConnection;
  /** Subscribers to close after the file's tests, before the connection and the server. */
  readonly apps: INestMicroservice[];
};

/**
 * A nats-server with the event stream for the calling test file: started before its tests, and
 * stopped after them, once the `apps` pushed here are closed.
 */
export function useEventStreamServer(): EventStreamServer {
  const bed = { apps: [] as INestMicroservice[] } as { nats: NatsServer; nc: NatsConnection; apps: INestMicroservice[] };
  beforeAll(async () => {
    bed.nats = await startNats();
    bed.nc = await connect({ servers: bed.nats.url });
    await createEventStream(bed.nc);
  });
  afterAll(async () => {
    for (const app of bed.apps) await app.close();
    await bed.nc.close();
    await bed.nats.stop();
  });
  return bed;
}

export type Published = { id: string; subject: string; type: string; seq: number };

export async function publishEvent(nc: NatsConnection, subject: string, type = 'accounts.PackageStateChanged', id = randomUUID(), schemaversion = 1): Promise<Published> {
  const data = { to: 'Ready' };
  const event: CloudEvent = {
    specversion: '1.0', id, source: '/accounts/acc', type, subject: subject.split('.').at(-1) ?? '',
    time: new Date().toISOString(), datacontenttype: 'application/json',
    dataschema: `urn:artifact-register:events:accounts:${type.split('.')[1]}:${schemaversion}`, data,
    schemaversion, actor: 'test', correlationid: id, causationid: id,
  };
  const h = headers();
  h.set('ce-type', type);
  h.set('ce-source', event.source);
  const ack = await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: id, headers: h });
  return { id, subject, type, seq: ack.seq };
}

export type Delivery = { id: string; type: string; subject: string; sequence: number; deliveryCount: number; replay: boolean; at: number };

/** Records every handler call; `behaviour` decides per call whether the handler fails (throws). */
export class Probe {
  readonly deliveries: Delivery[] = [];
  constructor(public behaviour: (event: CloudEvent, ctx: JetStreamContext) => Promise<void> | void = () => undefined) {}

  async handle(event: CloudEvent, ctx: JetStreamContext): Promise<void> {
    const { subject, sequence, deliveryCount, replay } = ctx;
    this.deliveries.push({ id: event.id, type: event.type, subject, sequence, deliveryCount, replay, at: Date.now() });
    await this.behaviour(event, ctx);
  }

  of(id: string): Delivery[] {
    return this.deliveries.filter((d) => d.id === id);
  }
}

const PROBE = 'PROBE';

@Controller()
class SubscriberController {
  constructor(@Inject(PROBE) private readonly probe: Probe) {}

  @EventPattern<string>('accounts.PackageStateChanged')
  async onStateChanged(@Payload() event: CloudEvent<{ to: string }>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.probe.handle(event, ctx);
  }

  @EventPattern<string>('accounts.PackageCreated')
  async onCreated(@Payload() event: CloudEvent, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.probe.handle(event, ctx);
  }
}

/** A real Nest microservice with the transport and the probe's handlers, listening. */
export async function startSubscriber(probe: Probe, options: JetStreamTransportOptions): Promise<INestMicroservice> {
  @Module({ controllers: [SubscriberController], providers: [{ provide: PROBE, useValue: probe }] })
  class SubscriberModule {}
  const app = await NestFactory.createMicroservice(SubscriberModule, { strategy: new JetStreamServer(options), logger: false });
  app.useGlobalFilters(new JetStreamErrorFilter());
  await app.listen();
  return app;
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the durable has no delivered message left unacknowledged. */
export async function waitForAcks(nc: NatsConnection, stream: string, durable: string, what: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await waitFor(async () => (await jsm.consumers.info(stream, durable)).num_ack_pending === 0, what);
}

export const uniqueToken = (): string => randomUUID().replace(/-/g, '').slice(0, 12);

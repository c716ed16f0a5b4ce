import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { INestMicroservice } from '@nestjs/common';
import { startNats, type NatsServer } from '../../../test/support/nats-server.js';
import { runDlqCli } from './dlq.cli.js';
import { listDeadLetters } from './dlq.js';
import { createEventStream, Probe, publishEvent, startSubscriber, STREAM, uniqueToken, waitFor } from './transport.test-support.js';

const TIMEOUT = 30_000;

let nats: NatsServer;
let nc: NatsConnection;
const apps: INestMicroservice[] = [];

beforeAll(async () => {
  nats = await startNats();
  nc = await connect({ servers: nats.url });
  await createEventStream(nc);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await nc.close();
  await nats.stop();
});

const streamMessages = async (): Promise<number> => (await (await jetstreamManager(nc)).streams.info(STREAM)).state.messages;

describe('dlq CLI', () => {
  it('lists dead letters and replays them to their subscriber only, leaving the event stream untouched', async () => {
    const account = uniqueToken();
    const subject = `artifacts.accounts.${account}.pkg`;
    const poisonId = randomUUID();
    let broken = true;
    const failing = new Probe((event) => {
      if (broken && event.id === poisonId) throw new Error('downstream registry unavailable');
    });
    const bystander = new Probe();
    const options = { servers: nats.url, filterSubjects: `artifacts.accounts.${account}.>`, maxDeliver: 2, backoffMs: [100], ackWaitMs: 2000 };
    apps.push(await startSubscriber(failing, { ...options, subscriber: 'replayed' }));
    apps.push(await startSubscriber(bystander, { ...options, subscriber: 'bystander' }));

    const poison = await publishEvent(nc, subject, 'accounts.PackageCreated', poisonId);
    const next = await publishEvent(nc, subject);
    await waitFor(() => failing.of(next.id).length === 1 && bystander.of(next.id).length === 1, 'both subscribers past the poison event');
    const config = { natsUrl: nats.url, stream: STREAM };
    const lines: string[] = [];
    expect(await runDlqCli(['list', 'replayed'], config, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toContain(`accounts.PackageCreated ${subject}#${poison.seq} after 2: Error: downstream registry unavailable`);
    expect(await listDeadLetters(nc, { stream: STREAM, subscriber: 'bystander' })).toEqual([]);

    broken = false;
    const before = await streamMessages();
    expect(await runDlqCli(['replay', 'replayed'], config, () => undefined)).toBe(0);
    await waitFor(() => failing.of(poisonId).some((d) => d.replay), 'the replayed event');

    const replayed = failing.of(poisonId).filter((d) => d.replay);
    expect(replayed).toEqual([expect.objectContaining({ subject, sequence: poison.seq, deliveryCount: 1 })]);
    expect(bystander.of(poisonId)).toHaveLength(1);
    expect(await streamMessages()).toBe(before);
    expect(await listDeadLetters(nc, { stream: STREAM, subscriber: 'replayed' })).toEqual([]);
    const replayDurable = await (await jetstreamManager(nc)).consumers.info(`${STREAM}_DLQ`, 'sub_replayed_replay');
    await waitFor(async () => (await (await jetstreamManager(nc)).consumers.info(`${STREAM}_DLQ`, 'sub_replayed_replay')).num_ack_pending === 0, 'the replay ack');
    expect(replayDurable.config.filter_subject).toBe(`dlq.${STREAM}.replayed.replay`);
  }, TIMEOUT);

  it('prints usage for an unknown command', async () => {
    const lines: string[] = [];
    expect(await runDlqCli(['purge', 'x'], { natsUrl: nats.url, stream: STREAM }, (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toMatch(/^usage:/);
  });
});

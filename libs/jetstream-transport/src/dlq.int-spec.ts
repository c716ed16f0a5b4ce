import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { runDlqCli } from './dlq.cli.js';
import { listDeadLetters } from './dlq.js';
import { Probe, publishEvent, startSubscriber, STREAM, uniqueToken, useEventStreamServer, waitFor, waitForAcks } from './transport.test-support.js';

const TIMEOUT = 30_000;

const bed = useEventStreamServer();

const streamMessages = async (): Promise<number> => (await (await jetstreamManager(bed.nc)).streams.info(STREAM)).state.messages;

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
    const options = { servers: bed.nats.url, filterSubjects: `artifacts.accounts.${account}.>`, maxDeliver: 2, backoffMs: [100], ackWaitMs: 2000 };
    bed.apps.push(await startSubscriber(failing, { ...options, subscriber: 'replayed' }));
    bed.apps.push(await startSubscriber(bystander, { ...options, subscriber: 'bystander' }));

    const poison = await publishEvent(bed.nc, subject, 'accounts.PackageCreated', poisonId);
    const next = await publishEvent(bed.nc, subject);
    await waitFor(() => failing.of(next.id).length === 1 && bystander.of(next.id).length === 1, 'both subscribers past the poison event');
    const config = { natsUrl: bed.nats.url, stream: STREAM };
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await runDlqCli(['list', 'replayed'], config, io)).toBe(0);
    expect(lines.join('\n')).toContain(`accounts.PackageCreated ${subject}#${poison.seq} after 2: Error: downstream registry unavailable`);
    expect(await listDeadLetters(bed.nc, { stream: STREAM, subscriber: 'bystander' })).toEqual([]);

    broken = false;
    const before = await streamMessages();
    expect(await runDlqCli(['replay', 'replayed'], config, { out: () => undefined, err: () => undefined })).toBe(0);
    await waitFor(() => failing.of(poisonId).some((d) => d.replay), 'the replayed event');

    const replayed = failing.of(poisonId).filter((d) => d.replay);
    expect(replayed).toEqual([expect.objectContaining({ subject, sequence: poison.seq, deliveryCount: 1 })]);
    expect(bystander.of(poisonId)).toHaveLength(1);
    expect(await streamMessages()).toBe(before);
    expect(await listDeadLetters(bed.nc, { stream: STREAM, subscriber: 'replayed' })).toEqual([]);
    const replayDurable = await (await jetstreamManager(bed.nc)).consumers.info(`${STREAM}_DLQ`, 'sub_replayed_replay');
    await waitForAcks(bed.nc, `${STREAM}_DLQ`, 'sub_replayed_replay', 'the replay ack');
    expect(replayDurable.config.filter_subject).toBe(`dlq.${STREAM}.replayed.replay`);
  }, TIMEOUT);
});

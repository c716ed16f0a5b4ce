import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import type { StreamEvent } from './stream-reader.js';

export type UniquenessFindings = {
  liveAliases: number;
  liveTuples: number;
  /** A value two live aggregates held at once at some point of the stream. */
  violations: string[];
  /** A live value whose KV reservation is missing or names another owner. */
  unreserved: string[];
};

type Holder = { value: string; kvKey: string; owner: string };

/**
 * SPEC §4.1 / §5.1 from the outside: folds the stream (read by the checker's own client) in order,
 * checking no value is ever held by two live packages, then reads the reservation buckets of the
 * values live at the end with a raw KV client. Key
 * formats are the documented ones (docs/architecture.md): hex(alias), hex(JSON [account, name,
 * version, type]); the value's `owner` is the aggregate id.
 */
export async function checkUniqueness(natsUrl: string, events: StreamEvent[], stream = 'ARTIFACTS'): Promise<UniquenessFindings> {
  const { aliases, tuples, violations } = foldValues(events);
  const nc = await connect({ servers: natsUrl.split(','), name: 'reliability-uniqueness-checker' });
  try {
    const kvm = new Kvm(nc);
    const unreserved = [
      ...(await missingReservations(await kvm.open(`${stream}_aliases`), aliases)),
      ...(await missingReservations(await kvm.open(`${stream}_unique`), tuples)),
    ];
    return { liveAliases: aliases.length, liveTuples: tuples.length, violations, unreserved };
  } finally {
    await nc.close();
  }
}

const hex = (value: string): string => Buffer.from(value, 'utf8').toString('hex');

/**
 * Folds the stream in order: a catalog package's aliases and an account package's tuple while it is
 * live. A value taken by a package while another live package holds it is a violation at that
 * sequence, even if one of them is deleted later.
 */
function foldValues(events: StreamEvent[]): { aliases: Holder[]; tuples: Holder[]; violations: string[] } {
  const aliases = new Map<string, Holder[]>();
  const tuples = new Map<string, Holder[]>();
  const violations: string[] = [];
  const take = (held: Map<string, Holder[]>, subject: string, seq: number, next: Holder[]): void => {
    const others = [...held].filter(([other]) => other !== subject).flatMap(([, values]) => values);
    for (const holder of next) {
      const clash = others.find((other) => other.value === holder.value);
      if (clash) violations.push(`#${seq}: ${holder.value} taken by ${holder.owner} while ${clash.owner} held it`);
    }
    held.set(subject, next);
  };
  for (const event of events) {
    const parts = event.subject.split('.');
    const owner = parts.at(-1) as string;
    if (event.type === 'catalog.PackageCreated' || event.type === 'catalog.PackageUpdated') {
      const held = (event.data.aliases as string[] | undefined) ?? [];
      take(aliases, event.subject, event.seq, held.map((alias) => ({ value: `alias ${alias}`, kvKey: hex(alias), owner })));
    } else if (event.type === 'catalog.PackageDeleted') {
      aliases.delete(event.subject);
    } else if (event.type === 'accounts.PackageCreated') {
      const { packageName, packageVersion, packageType } = event.data as Record<string, string>;
      const tuple = [parts[2] as string, packageName, packageVersion, packageType];
      take(tuples, event.subject, event.seq, [{ value: `tuple ${tuple.join(' | ')}`, kvKey: hex(JSON.stringify(tuple)), owner }]);
    } else if (event.type === 'accounts.PackageDeleted') {
      tuples.delete(event.subject);
    }
  }
  return { aliases: [...aliases.values()].flat(), tuples: [...tuples.values()].flat(), violations };
}

async function missingReservations(kv: Awaited<ReturnType<Kvm['open']>>, holders: Holder[]): Promise<string[]> {
  const missing: string[] = [];
  for (const { value, kvKey, owner } of holders) {
    const entry = await kv.get(kvKey);
    const reserved = entry?.operation === 'PUT' ? entry.json<{ owner?: string }>().owner : undefined;
    if (reserved !== owner) missing.push(`${value} of ${owner}: reservation ${reserved ?? 'missing'}`);
  }
  return missing;
}

/** What the driver asked for, and what it finally heard back: the checker's side of the bargain. */
export type CommandKind =
  | 'catalog.create'
  | 'catalog.update'
  | 'catalog.delete'
  | 'versionset.create'
  | 'versionset.update'
  | 'versionset.delete'
  | 'component.create'
  | 'component.update'
  | 'component.delete'
  | 'release.create'
  | 'release.update'
  | 'release.delete'
  | 'accounts.create'
  | 'accounts.put'
  | 'accounts.delete';

/** acked = a 2xx; refused = a definite 4xx (nothing may be appended); unknown = retries ran out. */
export type Outcome = 'acked' | 'refused' | 'unknown';

export type CommandRecord = {
  key: string;
  kind: CommandKind;
  /** The aggregate's subject once known (from the path, or from the create's response). */
  subject: string | undefined;
  outcome: Outcome;
  status: number;
  attempts: number;
  /** Attempts that ended without an answer (connection reset, timeout) or with a 5xx. */
  ambiguous: number;
  consistencyToken: number | undefined;
  etag: number | undefined;
};

export const EXPECTED_EVENT: Record<CommandKind, string> = {
  'catalog.create': 'catalog.PackageCreated',
  'catalog.update': 'catalog.PackageUpdated',
  'catalog.delete': 'catalog.PackageDeleted',
  'versionset.create': 'catalog.VersionSetCreated',
  'versionset.update': 'catalog.VersionSetUpdated',
  'versionset.delete': 'catalog.VersionSetDeleted',
  'component.create': 'catalog.ComponentCreated',
  'component.update': 'catalog.ComponentUpdated',
  'component.delete': 'catalog.ComponentDeleted',
  'release.create': 'catalog.ReleaseCreated',
  'release.update': 'catalog.ReleaseUpdated',
  'release.delete': 'catalog.ReleaseDeleted',
  'accounts.create': 'accounts.PackageCreated',
  'accounts.put': 'accounts.PackageStateChanged',
  'accounts.delete': 'accounts.PackageDeleted',
};

export class CommandLedger {
  readonly records: CommandRecord[] = [];

  add(record: CommandRecord): void {
    this.records.push(record);
  }

  /** `kind: sent/acked/refused` for each kind sent, in the order of EXPECTED_EVENT. */
  perKind(): string {
    const kinds = Object.keys(EXPECTED_EVENT) as CommandKind[];
    return kinds
      .map((kind) => [kind, this.records.filter((r) => r.kind === kind)] as const)
      .filter(([, records]) => records.length > 0)
      .map(([kind, records]) => `${kind} ${records.length}/${records.filter((r) => r.outcome === 'acked').length}/${records.filter((r) => r.outcome === 'refused').length}`)
      .join(', ');
  }

  count(outcome?: Outcome): number {
    return outcome ? this.records.filter((r) => r.outcome === outcome).length : this.records.length;
  }

  byKey(): Map<string, CommandRecord> {
    return new Map(this.records.map((r) => [r.key, r]));
  }
}

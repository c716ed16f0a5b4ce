import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Versioning } from '../../libs/domain/src/catalog/catalog-package.events.js';

/** The same Package row the catalog read model holds, written directly by the peer. */
@Entity({ name: 'peer_packages' })
export class PeerPackage {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) system!: string;
  @Column({ type: 'text', array: true }) aliases!: string[];
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'jsonb' }) versioning!: Versioning;
  @Column({ type: 'timestamptz' }) created_on!: Date;
  @Column({ type: 'text' }) created_by!: string;
  @Column({ type: 'timestamptz' }) last_modified_on!: Date;
  @Column({ type: 'text' }) last_modified_by!: string;
}

/** One row per alias: the primary key is the unique index that makes aliases globally unique. */
@Entity({ name: 'peer_package_aliases' })
export class PeerPackageAlias {
  @PrimaryColumn({ type: 'text' }) alias!: string;
  @Column({ type: 'text' }) package_id!: string;
}

/** Applied at boot (the peer has no migration tool; never `synchronize`). */
export const PEER_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS peer_packages (
    id text PRIMARY KEY, title text NOT NULL, system text NOT NULL, aliases text[] NOT NULL DEFAULT '{}',
    description text, versioning jsonb NOT NULL, created_on timestamptz NOT NULL, created_by text NOT NULL,
    last_modified_on timestamptz NOT NULL, last_modified_by text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS peer_package_aliases (
    alias text PRIMARY KEY, package_id text NOT NULL REFERENCES peer_packages (id))`,
];

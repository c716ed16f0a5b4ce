import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first read models (docs/read-models.md). A shipped migration is never edited: add another. */
export class ReadModels1767225600000 implements MigrationInterface {
  name = 'ReadModels1767225600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE IF EXISTS projection_checkpoints, event_history, account_packages, catalog_version_sets, catalog_packages',
    );
  }
}

const UP = [
  `CREATE TABLE catalog_packages (
    id text PRIMARY KEY,
    title text NOT NULL,
    system text NOT NULL,
    aliases text[] NOT NULL DEFAULT '{}',
    description text,
    versioning jsonb NOT NULL,
    created_on timestamptz NOT NULL,
    created_by text NOT NULL,
    last_modified_on timestamptz NOT NULL,
    last_modified_by text NOT NULL,
    version bigint NOT NULL,
    created_seq bigint NOT NULL,
    CONSTRAINT catalog_packages_created_seq_key UNIQUE (created_seq)
  )`,
  'CREATE INDEX catalog_packages_aliases_gin ON catalog_packages USING gin (aliases)',
  'CREATE INDEX catalog_packages_system_created_idx ON catalog_packages (system, created_seq)',
  `CREATE TABLE catalog_version_sets (
    package_id text NOT NULL,
    number integer NOT NULL,
    version_constraint text NOT NULL,
    created_on timestamptz NOT NULL,
    created_by text NOT NULL,
    last_modified_on timestamptz NOT NULL,
    last_modified_by text NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT catalog_version_sets_pkey PRIMARY KEY (package_id, number)
  )`,
  `CREATE TABLE account_packages (
    account_id text NOT NULL,
    id text NOT NULL,
    resource jsonb NOT NULL,
    package_name text NOT NULL,
    package_version text NOT NULL,
    package_version_key text COLLATE "C" NOT NULL,
    package_type text NOT NULL,
    severity_level text NOT NULL,
    package_state text NOT NULL,
    creation_timestamp timestamptz NOT NULL,
    created_seq bigint NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT account_packages_pkey PRIMARY KEY (account_id, id)
  )`,
  'CREATE UNIQUE INDEX account_packages_created_idx ON account_packages (account_id, created_seq)',
  'CREATE INDEX account_packages_name_idx ON account_packages (account_id, package_name)',
  `CREATE INDEX account_packages_version_key_idx
    ON account_packages (account_id, package_version_key, package_version, created_seq)`,
  'CREATE INDEX account_packages_state_idx ON account_packages (account_id, package_state)',
  'CREATE INDEX account_packages_creation_ts_idx ON account_packages (account_id, creation_timestamp)',
  `CREATE TABLE event_history (
    seq bigint PRIMARY KEY,
    subject text NOT NULL,
    family text,
    type text NOT NULL,
    aggregate_id text NOT NULL,
    account_id text,
    event json NOT NULL
  )`,
  'CREATE INDEX event_history_subject_idx ON event_history (subject, seq)',
  `CREATE TABLE projection_checkpoints (
    name text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    last_event_time timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
];

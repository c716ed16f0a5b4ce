import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook registrations of both families (SPEC §10; docs/read-models.md): one row per live webhook,
 * never its secret (the stream does not hold it either). A delete removes the row; history keeps it.
 */
export class Webhooks1767571200000 implements MigrationInterface {
  name = 'Webhooks1767571200000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS webhooks');
  }
}

const UP = [
  `CREATE TABLE webhooks (
    id text NOT NULL,
    family text NOT NULL,
    account_id text,
    url text NOT NULL,
    types jsonb NOT NULL,
    description text,
    active boolean NOT NULL,
    previous_secret_valid_until text,
    created_on timestamptz NOT NULL,
    created_by text NOT NULL,
    last_modified_on timestamptz NOT NULL,
    last_modified_by text NOT NULL,
    created_seq bigint NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT webhooks_pkey PRIMARY KEY (id)
  )`,
  'CREATE INDEX webhooks_scope_idx ON webhooks (family, account_id, created_seq)',
];

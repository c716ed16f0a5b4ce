import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PackageComponents and PackageReleases (SPEC §4.4, §4.5; docs/read-models.md). A release row keeps
 * `versionset_number`, the live VersionSet whose range holds its version: the projector recomputes
 * it for the whole package whenever one of the package's VersionSets changes.
 */
export class ComponentsReleases1767398400000 implements MigrationInterface {
  name = 'ComponentsReleases1767398400000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS catalog_releases, catalog_components');
  }
}

const UP = [
  `CREATE TABLE catalog_components (
    package_id text NOT NULL,
    versionset_number integer NOT NULL,
    name text COLLATE "C" NOT NULL,
    title text NOT NULL,
    is_primary boolean NOT NULL,
    description text,
    created_on timestamptz NOT NULL,
    created_by text NOT NULL,
    last_modified_on timestamptz NOT NULL,
    last_modified_by text NOT NULL,
    seq bigint NOT NULL,
    CONSTRAINT catalog_components_pkey PRIMARY KEY (package_id, versionset_number, name)
  )`,
  `CREATE TABLE catalog_releases (
    package_id text NOT NULL,
    version_key text COLLATE "C" NOT NULL,
    version text NOT NULL,
    released_on text,
    changes jsonb NOT NULL,
    prerelease boolean NOT NULL,
    versionset_number integer,
    created_on timestamptz NOT NULL,
    created_by text NOT NULL,
    last_modified_on timestamptz NOT NULL,
    last_modified_by text NOT NULL,
    seq bigint NOT NULL,
    CONSTRAINT catalog_releases_pkey PRIMARY KEY (package_id, version_key)
  )`,
  'CREATE INDEX catalog_releases_versionset_idx ON catalog_releases (package_id, versionset_number, version_key)',
];

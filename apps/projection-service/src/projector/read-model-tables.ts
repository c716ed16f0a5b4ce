/** Schema-qualified names of the read-model tables; the rebuild fills a second schema, then swaps. */
export type ReadModelTables = {
  schema: string;
  catalogPackages: string;
  catalogVersionSets: string;
  catalogComponents: string;
  catalogReleases: string;
  accountPackages: string;
  eventHistory: string;
  webhooks: string;
};

export const LIVE_SCHEMA = 'public';

/** The tables a rebuild recreates; `projection_checkpoints` stays where it is. */
export const READ_MODEL_TABLE_NAMES = [
  'catalog_packages',
  'catalog_version_sets',
  'catalog_components',
  'catalog_releases',
  'account_packages',
  'event_history',
  'webhooks',
] as const;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export function readModelTables(schema: string = LIVE_SCHEMA): ReadModelTables {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  return {
    schema,
    catalogPackages: `${schema}.catalog_packages`,
    catalogVersionSets: `${schema}.catalog_version_sets`,
    catalogComponents: `${schema}.catalog_components`,
    catalogReleases: `${schema}.catalog_releases`,
    accountPackages: `${schema}.account_packages`,
    eventHistory: `${schema}.event_history`,
    webhooks: `${schema}.webhooks`,
  };
}

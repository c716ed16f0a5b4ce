import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { createClient } from './database.js';

/** Serialises boots of several replicas: only one runs the migrations, the others then find none pending. */
const MIGRATION_LOCK = "hashtext('artifact-register:projection-migrations')";

/**
 * Runs pending migrations under a session advisory lock held on a connection of its own; each
 * migration runs in its own transaction. `synchronize` is never used.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const lock = createClient(url, 'projection-migrations-lock');
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      migrations: MIGRATIONS,
      migrationsTableName: 'typeorm_migrations',
      synchronize: false,
      logging: false,
      poolSize: 1,
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
    await lock.end();
  }
}

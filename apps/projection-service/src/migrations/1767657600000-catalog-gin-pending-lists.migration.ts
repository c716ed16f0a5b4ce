import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog's GIN indexes without (or with a shorter) pending list. A GIN index queues inserts in
 * a pending list that every lookup scans linearly until it is merged; the projector inserts
 * steadily, so the list is rarely empty. `catalog_packages_aliases_gin` holds a handful of entries
 * per row (its aliases), cheap to insert directly, and an exact alias lookup (`q=` naming an alias,
 * `filter=alias:`) otherwise walks up to 256 kB of queued aliases; the search index keeps its
 * list (a package's words are many entries, batched inserts are what the list is for) but a shorter one.
 * Storage parameters are part of `pg_get_indexdef`, so a rebuild's copies of the indexes keep them.
 */
export class CatalogGinPendingLists1767657600000 implements MigrationInterface {
  name = 'CatalogGinPendingLists1767657600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER INDEX catalog_packages_aliases_gin SET (fastupdate = off)');
    // Turning fastupdate off leaves what is queued in place: merge it now.
    await runner.query("SELECT gin_clean_pending_list('catalog_packages_aliases_gin'::regclass)");
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER INDEX catalog_packages_aliases_gin RESET (fastupdate)');
  }
}

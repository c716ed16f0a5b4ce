import { ReadModels1767225600000 } from './1767225600000-read-models.migration.js';
import { CatalogSearch1767312000000 } from './1767312000000-catalog-search.migration.js';
import { ComponentsReleases1767398400000 } from './1767398400000-components-releases.migration.js';
import { Webhooks1767571200000 } from './1767571200000-webhooks.migration.js';
import { CatalogGinPendingLists1767657600000 } from './1767657600000-catalog-gin-pending-lists.migration.js';

/** Every migration in order; TypeORM records applied ones in `typeorm_migrations`. */
export const MIGRATIONS = [ReadModels1767225600000, CatalogSearch1767312000000, ComponentsReleases1767398400000, Webhooks1767571200000, CatalogGinPendingLists1767657600000];

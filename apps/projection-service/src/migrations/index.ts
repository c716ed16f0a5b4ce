import { ReadModels1767225600000 } from './1767225600000-read-models.migration.js';

/** Every migration in order; TypeORM records applied ones in `typeorm_migrations`. */
export const MIGRATIONS = [ReadModels1767225600000];

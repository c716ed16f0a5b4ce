import type { CatalogEvent } from '../../../../libs/domain/src/catalog/catalog-package.events.js';
import {
  evolve,
  initialState,
  type CatalogPackageState,
} from '../../../../libs/domain/src/catalog/catalog-package.state.js';
import type { AggregateModel } from '../pipeline/aggregate-model.js';

export const catalogModel: AggregateModel<CatalogPackageState, CatalogEvent> = {
  family: 'catalog',
  initialState,
  evolve,
  exists: (state) => state.status === 'live',
};

import { Module } from '@nestjs/common';
import { PackagesQueryController } from '../catalog/packages.controller.js';
import { VersionSetsQueryController } from '../catalog/versionsets.controller.js';

/** The catalog's read routes (SPEC §4.2). `PG_POOL` and `ConsistencyWaiter` come from the global AppModule. */
@Module({ controllers: [PackagesQueryController, VersionSetsQueryController] })
export class CatalogQueryModule {}

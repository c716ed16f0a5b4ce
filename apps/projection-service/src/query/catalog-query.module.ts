import { Module } from '@nestjs/common';
import { ComponentsQueryController } from '../catalog/components.controller.js';
import { PackagesQueryController } from '../catalog/packages.controller.js';
import { ReleasesQueryController } from '../catalog/releases.controller.js';
import { VersionSetsQueryController } from '../catalog/versionsets.controller.js';

/** The catalog's read routes (SPEC §4.2, §4.4, §4.5). `PG_POOL` and `ConsistencyWaiter` come from the global AppModule. */
@Module({ controllers: [PackagesQueryController, VersionSetsQueryController, ComponentsQueryController, ReleasesQueryController] })
export class CatalogQueryModule {}

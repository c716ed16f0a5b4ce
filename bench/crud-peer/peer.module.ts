import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReadinessRegistry } from '../../libs/http/src/health/readiness.registry.js';
import { PeerPackage, PeerPackageAlias, PEER_SCHEMA } from './peer-package.entity.js';
import { PeerPackagesController } from './peer-packages.controller.js';

export type PeerConfig = { databaseUrl: string; poolSize: number };

class PeerSchema implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const statement of PEER_SCHEMA) await this.db.query(statement);
    this.readiness.register('postgres', async () => {
      await this.db.query('SELECT 1');
    });
  }
}

@Module({})
export class PeerModule {
  static forRoot(config: PeerConfig): DynamicModule {
    return {
      module: PeerModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.databaseUrl,
          entities: [PeerPackage, PeerPackageAlias],
          synchronize: false,
          extra: { max: config.poolSize },
        }),
        TypeOrmModule.forFeature([PeerPackage, PeerPackageAlias]),
      ],
      controllers: [PeerPackagesController],
      providers: [PeerSchema],
    };
  }
}

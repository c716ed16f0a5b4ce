import { Module } from '@nestjs/common';
import type { AccountPackageEvent } from '../../../../libs/domain/src/accounts/account-package.events.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import { ACCOUNTS_PIPELINE, AccountsModule } from '../accounts/accounts.module.js';
import type { CommandPipeline } from '../pipeline/command-pipeline.js';
import { PackageVerifierController } from './package-verifier.controller.js';
import { PackageVerifier } from './package-verifier.js';

/**
 * The verifier's handler and its use of the accounts pipeline (one aggregate cache and queue with
 * the HTTP writes). Events reach it only once `startVerifier` connected the JetStream transport.
 */
@Module({
  imports: [AccountsModule],
  controllers: [PackageVerifierController],
  providers: [
    {
      provide: PackageVerifier,
      inject: [ACCOUNTS_PIPELINE],
      useFactory: (pipeline: CommandPipeline<AccountPackageState, AccountPackageEvent>) => new PackageVerifier(pipeline),
    },
  ],
})
export class VerificationModule {}

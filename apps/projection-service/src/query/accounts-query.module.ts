import { Module } from '@nestjs/common';
import { AccountPackagesQueryController } from '../accounts/account-packages.controller.js';

/** The account package read routes (SPEC §5.2). `PG_POOL` and `ConsistencyWaiter` come from the global AppModule. */
@Module({ controllers: [AccountPackagesQueryController] })
export class AccountsQueryModule {}

import { Module } from '@nestjs/common';
import { decide } from '../../../../libs/domain/src/accounts/account-package.decider.js';
import type { AccountPackageEvent } from '../../../../libs/domain/src/accounts/account-package.events.js';
import type { AccountUniquenessKey } from '../../../../libs/domain/src/accounts/account-package.rules.js';
import type { AccountPackageState } from '../../../../libs/domain/src/accounts/account-package.state.js';
import { accountPackageSubject } from '../../../../libs/event-store/src/subjects.js';
import { COMMAND_CONFIG, IDEMPOTENCY, pipelineProvider, UNIQUE_KV } from '../command-core.module.js';
import type { CommandServiceConfig } from '../config.js';
import type { Bucket } from '../nats/kv-buckets.js';
import type { CommandPipeline } from '../pipeline/command-pipeline.js';
import { createUniquenessStore, tupleKey, type UniquenessStore } from '../uniqueness/uniqueness.store.js';
import type { Idempotency } from '../write/run-write.js';
import { accountsRefusal } from '../write/write-response.js';
import { AccountCommands } from './account-commands.js';
import { accountPackageModel } from './account-package.model.js';
import { AccountPackagesController } from './account-packages.controller.js';
import { createTupleClaims } from './tuple-claims.js';

/** The accounts family's pipeline; exported for other writers of account packages (the verifier). */
export const ACCOUNTS_PIPELINE = 'ACCOUNTS_PIPELINE';
export const TUPLE_STORE = 'TUPLE_STORE';

type Pipeline = CommandPipeline<AccountPackageState, AccountPackageEvent>;

/** Whether `owner`'s stream, brought up to date, is a live package with this tuple. */
const holdsTuple = (pipeline: Pipeline) => async (owner: string, tuple: AccountUniquenessKey): Promise<boolean> => {
  const [accountId, packageName, packageVersion, packageType] = tuple;
  const { state } = await pipeline.load(accountPackageSubject(accountId, owner));
  if (state.status !== 'live') return false;
  const { resource } = state;
  return resource.packageName === packageName && resource.packageVersion === packageVersion && resource.packageType === packageType;
};

@Module({
  controllers: [AccountPackagesController],
  providers: [
    pipelineProvider(ACCOUNTS_PIPELINE, accountPackageModel),
    {
      provide: TUPLE_STORE,
      inject: [UNIQUE_KV, ACCOUNTS_PIPELINE, COMMAND_CONFIG],
      useFactory: (kv: Bucket, pipeline: Pipeline, config: CommandServiceConfig): UniquenessStore<AccountUniquenessKey> =>
        createUniquenessStore<AccountUniquenessKey>({ kv, key: tupleKey, holds: holdsTuple(pipeline), graceMs: config.reservationGraceMs }),
    },
    {
      provide: AccountCommands,
      inject: [ACCOUNTS_PIPELINE, TUPLE_STORE, IDEMPOTENCY],
      useFactory: (pipeline: Pipeline, tuples: UniquenessStore<AccountUniquenessKey>, idempotency: Idempotency) =>
        new AccountCommands({
          pipeline,
          decide,
          claims: ({ accountId = '', aggregateId }) => createTupleClaims(tuples, accountId, aggregateId),
          refusal: accountsRefusal,
          idempotency,
        }),
    },
  ],
  exports: [ACCOUNTS_PIPELINE],
})
export class AccountsModule {}

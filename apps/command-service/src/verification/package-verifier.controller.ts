import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { runWithCorrelationId } from '../../../../libs/http/src/correlation/correlation.js';
import { HTTP_LOGGER } from '../../../../libs/http/src/http-edge.module.js';
import { JetStreamContext, JetStreamErrorFilter } from '../../../../libs/jetstream-transport/src/index.js';
import { readPackageCreated } from './package-created.event.js';
import { PackageVerifier } from './package-verifier.js';

/**
 * The package verifier (SPEC §5.1) on the JetStream transport. A throw naks the event with backoff;
 * after MAX_DELIVER failed deliveries it goes to the dead-letter stream with the error. The filter
 * sits on this controller, not globally, so HTTP errors keep their family renderers.
 */
@Controller()
@UseFilters(JetStreamErrorFilter)
export class PackageVerifierController {
  constructor(
    private readonly verifier: PackageVerifier,
    @Inject(HTTP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern<string>('accounts.PackageCreated')
  async onPackageCreated(@Payload() payload: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    const created = readPackageCreated(payload, ctx.subject);
    await runWithCorrelationId(created.event.correlationid, async () => {
      const outcome = await this.verifier.verify(created);
      const where = { packageId: created.packageId, accountId: created.accountId, causationId: created.event.id, deliveryCount: ctx.deliveryCount };
      if (outcome.recorded) this.logger.info({ ...where, to: outcome.to, sequence: outcome.sequence }, 'package verified');
      else this.logger.info({ ...where, state: outcome.state }, 'package no longer verifying; verification not recorded');
    });
  }
}

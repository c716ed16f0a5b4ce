import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorators.js';
import { ReadinessRegistry, type ReadinessReport } from './readiness.registry.js';

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** The process answers; no dependency is asked (a restart would not fix them). */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 when every registered check passes, else 503; the body names each check's outcome.
   * `?scope=replica` (the Kubernetes readiness probe) counts only this replica's own checks, so a
   * state all replicas share (projection lag) never empties the Service of every replica at once.
   */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(
    @Query('scope') scope: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ok' | 'unavailable' } & Pick<ReadinessReport, 'checks'>> {
    const report = await this.readiness.report(scope === 'replica' ? 'replica' : 'all');
    void reply.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ok' : 'unavailable', checks: report.checks };
  }
}

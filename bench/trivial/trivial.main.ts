import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { createHttpApp } from '../../libs/http/src/bootstrap/create-http-app.js';
import { integer } from '../../libs/http/src/config/env.js';
import { loadHttpConfig } from '../../libs/http/src/config/http.config.js';

/** A GET that does nothing, behind the services' own edge (auth guard included): the HTTP ceiling. */
@Controller('trivial')
class TrivialController {
  @Get()
  get(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [TrivialController] })
class TrivialModule {}

async function main(): Promise<void> {
  const app = await createHttpApp(TrivialModule, { service: 'trivial', config: loadHttpConfig(process.env) });
  await app.listen(integer(process.env, 'TRIVIAL_PORT', { min: 0, max: 65_535, default: 3003 }), '127.0.0.1');
}

main().catch((err: unknown) => {
  process.stderr.write(`trivial failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

// A subscriber of the Artifact Register's event stream: prints every account package state change.
// NATS_URL, EVENT_STREAM and SUBSCRIBER select the server, the stream and the durable group; on a
// secured NATS, NATS_USER/NATS_PASSWORD (the `subscriber` user) and NATS_TLS_CA_FILE as the services take them.
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { PackageStateChanged } from '../../libs/domain/src/accounts/account-package.events.js';
import type { CloudEvent } from '../../libs/event-store/src/cloud-event.js';
import { JetStreamContext, JetStreamErrorFilter, JetStreamServer } from '../../libs/jetstream-transport/src/index.js';
import { loadNatsConfig } from '../../libs/nats/src/nats.config.js';
import { connectNats } from '../../libs/nats/src/nats.connection.js';
import { parseCommandLine } from '../../scripts/lib/command-line.mjs';

parseCommandLine(process.argv.slice(2), {
  name: 'example:subscriber',
  usage: `usage: npm run example:subscriber

Subscribes to the event stream and prints every account package state change until Ctrl-C.
Environment: NATS_URL (default nats://127.0.0.1:4222), EVENT_STREAM (default ARTIFACTS),
SUBSCRIBER (the durable group, default state-printer).`,
  options: {},
});

@Controller()
class StateChangePrinter {
  // Delivery is at least once: printing a line twice is harmless here; side effects dedupe on event.id.
  @EventPattern<string>('accounts.PackageStateChanged')
  print(@Payload() event: CloudEvent<PackageStateChanged['data']>, @Ctx() ctx: JetStreamContext): void {
    const { from, to, packageStateDetails } = event.data;
    const why = packageStateDetails.map((d) => `\n  ${d.title}: ${d.detail}`).join('');
    process.stdout.write(`#${ctx.sequence} ${event.time} ${event.source}/packages/${event.subject} ${from} -> ${to} by ${event.actor}${why}\n`);
  }
}

@Module({ controllers: [StateChangePrinter] })
class SubscriberModule {}

const { EVENT_STREAM = 'ARTIFACTS', SUBSCRIBER = 'state-printer' } = process.env;
const nats = loadNatsConfig({ ...process.env, NATS_URL: process.env.NATS_URL || 'nats://127.0.0.1:4222' });
// nats.url is the URL without its password: safe to print.
const NATS_URL = nats.url;
try {
  const connection = await connectNats(nats, `subscriber-${SUBSCRIBER}`);
  const app = await NestFactory.createMicroservice(SubscriberModule, {
    strategy: new JetStreamServer({ connection, stream: EVENT_STREAM, subscriber: SUBSCRIBER, filterSubjects: 'artifacts.accounts.>' }),
    logger: ['error', 'warn'],
  });
  app.useGlobalFilters(new JetStreamErrorFilter()); // a dead letter then carries the handler's own error
  app.enableShutdownHooks();
  await app.listen();
  process.stdout.write(`listening on ${NATS_URL} (stream ${EVENT_STREAM}) as ${SUBSCRIBER}\n`);
} catch (err) {
  process.stderr.write(`subscriber cannot start on ${NATS_URL}, stream ${EVENT_STREAM}: ${String(err)}\n`);
  process.exit(1);
}

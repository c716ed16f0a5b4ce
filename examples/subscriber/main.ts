// A subscriber of the Artifact Register's event stream: prints every account package state change.
// NATS_URL, EVENT_STREAM and SUBSCRIBER select the server, the stream and the durable group.
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { PackageStateChanged } from '../../libs/domain/src/accounts/account-package.events.js';
import type { CloudEvent } from '../../libs/event-store/src/cloud-event.js';
import { JetStreamContext, JetStreamErrorFilter, JetStreamServer } from '../../libs/jetstream-transport/src/index.js';
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

const { NATS_URL = 'nats://127.0.0.1:4222', EVENT_STREAM = 'ARTIFACTS', SUBSCRIBER = 'state-printer' } = process.env;
try {
  const app = await NestFactory.createMicroservice(SubscriberModule, {
    strategy: new JetStreamServer({ servers: NATS_URL, stream: EVENT_STREAM, subscriber: SUBSCRIBER, filterSubjects: 'artifacts.accounts.>' }),
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

import type { INestApplication } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { METRICS, type Metrics } from '../../../../libs/http/src/metrics/metrics.js';
import { JetStreamServer } from '../../../../libs/jetstream-transport/src/index.js';
import type { VerifierConfig } from './verifier.config.js';

/** Durable `sub_package-verifier`; dead letters at `dlq.<stream>.package-verifier`. */
export const VERIFIER_SUBSCRIBER = 'package-verifier';
/** Only account package events: catalog traffic never reaches the verifier's consumer. */
export const VERIFIER_FILTER = 'artifacts.accounts.>';

export type VerifierWiring = { nc: NatsConnection; stream: string; config: VerifierConfig };

/**
 * Makes the command service a hybrid app: the verifier runs as a microservice on the JetStream
 * transport beside HTTP, on the service's own connection (closed by the service, after the
 * transport has settled its in-flight events on `app.close()`).
 */
export async function startVerifier(app: INestApplication, { nc, stream, config }: VerifierWiring): Promise<void> {
  if (!config.enabled) return;
  const metrics = app.get<Metrics>(METRICS);
  const strategy = new JetStreamServer({
    connection: nc,
    stream,
    subscriber: VERIFIER_SUBSCRIBER,
    filterSubjects: VERIFIER_FILTER,
    maxDeliver: config.maxDeliver,
    metrics: {
      onRedelivery: ({ subscriber }) => metrics.subscriberRedeliveries.inc({ subscriber }),
      onDeadLetter: ({ subscriber }) => metrics.deadLetters.inc({ subscriber }),
    },
  });
  app.connectMicroservice({ strategy });
  await app.startAllMicroservices();
}

// `npm run projections:rebuild` (in a checkout) or `node dist/apps/projection-service/src/rebuild.js`
// (in the image, e.g. the Job of deploy/k8s/rebuild-job.yaml): rebuilds every read model from the
// event stream and swaps the new tables in while the projection service keeps answering queries
// (docs/read-models.md, "Rebuild").
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { parseCommandLine } from '../../../scripts/lib/command-line.mjs';
import { startProgress } from '../../../scripts/lib/progress.mjs';
import { ConfigError } from '../../../libs/http/src/config/config.error.js';
import { redactCredentials } from '../../../libs/http/src/config/redact.js';
import { createLogger, type Logger } from '../../../libs/http/src/logging/logger.js';
import { connectNats } from '../../../libs/nats/src/nats.connection.js';
import { loadRebuildConfig } from './config.js';
import { assertDatabaseAnswers, createPool } from './database/database.js';
import { runMigrations } from './database/run-migrations.js';
import { CHECKPOINT_NAME } from './projector/checkpoint.js';
import { rebuildReadModels } from './rebuild/rebuild.js';

const REBUILD_COMMAND_LINE = {
  name: 'projections:rebuild',
  usage: `usage: npm run projections:rebuild            (in a checkout)
       node dist/apps/projection-service/src/rebuild.js   (in the image)

Rebuilds every read model from the event stream into new tables and swaps them in while the
projection service keeps answering queries. Progress (position / end, events/s, ETA) is shown at
least every 2 s: a live line on a terminal, log lines otherwise.

Environment: DATABASE_URL (required), NATS_URL, EVENT_STREAM, DATABASE_POOL_SIZE,
REBUILD_BATCH_SIZE, REBUILD_BATCH_BYTES, LOG_LEVEL, LOG_FORMAT (see .env.example).`,
  options: {},
};

/** The rebuild's own checkpoint row (rebuild/rebuild.ts names it after the live one). */
const REBUILD_CHECKPOINT = `${CHECKPOINT_NAME}:rebuild`;

/**
 * Reads the rebuild's checkpoint and the stream's end once a second and feeds the progress line.
 * It reads what the rebuild writes anyway, so the rebuild itself knows nothing of it.
 */
function watchProgress(pool: pg.Pool, nc: NatsConnection, stream: string, logger: Logger): () => void {
  const progress = startProgress({ label: 'rebuild', log: (snapshot, text) => logger.info(snapshot, text) });
  const read = async (): Promise<void> => {
    const jsm = await jetstreamManager(nc);
    const [{ rows }, info] = await Promise.all([
      pool.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [REBUILD_CHECKPOINT]),
      jsm.streams.info(stream),
    ]);
    if (rows[0]) progress.update(Number(rows[0].position), info.state.last_seq);
  };
  const timer = setInterval(() => void read().catch(() => undefined), 1000);
  return () => {
    clearInterval(timer);
    progress.stop();
  };
}

async function main(): Promise<void> {
  parseCommandLine(process.argv.slice(2), REBUILD_COMMAND_LINE);
  const config = loadRebuildConfig(process.env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, service: 'projections-rebuild' });
  const nc = await connectNats(config.nats, 'projections-rebuild');
  const pool = createPool({ url: config.databaseUrl, max: config.poolSize, applicationName: 'projections-rebuild' });
  try {
    await assertDatabaseAnswers(pool, config.databaseUrl);
    await runMigrations(config.databaseUrl);
    const stopProgress = watchProgress(pool, nc, config.eventStream, logger);
    const report = await rebuildReadModels({
      pool,
      nc,
      stream: config.eventStream,
      liveCheckpoint: CHECKPOINT_NAME,
      logger,
      batchSize: config.batchSize,
      batchBytes: config.batchBytes,
    }).finally(stopProgress);
    logger.info(report, 'rebuild: new read models swapped in');
  } finally {
    await pool.end();
    await nc.drain();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? `invalid configuration: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(redactCredentials(`projections:rebuild: ${message}\n`));
  process.exit(1);
});

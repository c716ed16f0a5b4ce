import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { freePort, natsServerBinary } from '../../support/nats-server.js';
import { reapDir, reapProcesses } from './reaper.js';

/** A nats-server that can be SIGKILLed and restarted on the same port and store folder. */
export type NatsNode = {
  name: string;
  url: string;
  storeDir: string;
  running(): boolean;
  start(): Promise<void>;
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its sockets but answers nothing (a stalled VM, a long GC pause). */
  freeze(): void;
  thaw(): void;
};

function node(name: string, args: string[], port: number, storeDir: string): NatsNode {
  let child: ChildProcess | undefined;
  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  reapProcesses(() => (running() && child?.pid ? [child.pid] : []));
  const start = async (): Promise<void> => {
    const proc = spawn(natsServerBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`${name} did not start on ${port}:\n${log.slice(-2000)}`)), 30_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`${name} exited at start:\n${log.slice(-2000)}`));
      });
      proc.stderr?.on('data', (chunk: Buffer) => {
        if (log.length < 100_000) log += chunk.toString();
        if (log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  };
  const kill = async (): Promise<void> => {
    if (!child || !running()) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const freeze = (): void => void child?.kill('SIGSTOP');
  const thaw = (): void => void child?.kill('SIGCONT');
  return { name, url: `nats://127.0.0.1:${port}`, storeDir, running, start, kill, freeze, thaw };
}

/** One JetStream server on a free loopback port and a temporary store (its own, not the machine's). */
export async function startNatsNode(): Promise<NatsNode & { remove(): Promise<void> }> {
  const storeDir = await mkdtemp(join(tmpdir(), 'ar-rel-nats-'));
  reapDir(storeDir);
  const port = await freePort();
  const n = node('nats', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], port, storeDir);
  await n.start();
  return { ...n, remove: () => rm(storeDir, { recursive: true, force: true }) };
}

/** Copies a stopped node's store (the "older backup" of the detection test). */
export const copyStore = (from: string, to: string): Promise<void> => cp(from, to, { recursive: true });

/** Three clustered JetStream servers on loopback (layout of deploy/nats/node-*.conf, free ports, temp folders). */
export async function startNatsCluster(): Promise<{ nodes: NatsNode[]; urls: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ar-rel-cluster-'));
  reapDir(dir);
  const ports = await Promise.all([0, 1, 2].map(async () => ({ client: await freePort(), route: await freePort() })));
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`).join('\n    ');
  const nodes = await Promise.all(
    ports.map(async (p, i) => {
      const name = `artifacts-${i + 1}`;
      const storeDir = join(dir, name);
      const config = join(dir, `${name}.conf`);
      await writeFile(
        config,
        `server_name: ${name}\nlisten: 127.0.0.1:${p.client}\njetstream { store_dir: "${storeDir}" }\n` +
          `cluster {\n  name: artifacts\n  listen: 127.0.0.1:${p.route}\n  routes: [\n    ${routes}\n  ]\n}\n`,
      );
      return node(name, ['-c', config], p.client, storeDir);
    }),
  );
  await Promise.all(nodes.map((n) => n.start()));
  return {
    nodes,
    urls: nodes.map((n) => n.url).join(','),
    remove: async () => {
      await Promise.all(nodes.map((n) => n.kill()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A JetStream manager once the cluster answers JetStream requests (it has elected a meta leader). */
export async function managerOnceElected(nc: NatsConnection): Promise<JetStreamManager> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await jetstreamManager(nc, { timeout: 1_000 });
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

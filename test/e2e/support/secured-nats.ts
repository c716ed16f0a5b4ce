// A nats-server run the way docker-compose.yml runs it (deploy/nats/compose.conf with auth.conf):
// client TLS from a throw-away CA, the users of auth.conf with generated passwords. Only the listen
// address, the store and the certificate paths differ.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, natsServerBinary } from '../../support/nats-server.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const NATS_USERS = ['command-service', 'projection-service', 'subscriber', 'admin'] as const;
export type NatsUser = (typeof NATS_USERS)[number];
/**
 * nats-server reads an environment variable in its config as a config value, so one that looks like
 * a number or a date (`2024-…`, `12…`) is not a string and the server refuses the file: generated
 * passwords start with a letter, as the deployment's instructions say (docs/operations.md, "Secrets").
 */
const natsPassword = (): string => `p${randomBytes(24).toString('hex')}`;

const PASSWORD_KEYS: Record<NatsUser, string> = {
  'command-service': 'NATS_COMMAND_PASSWORD',
  'projection-service': 'NATS_PROJECTION_PASSWORD',
  subscriber: 'NATS_SUBSCRIBER_PASSWORD',
  admin: 'NATS_ADMIN_PASSWORD',
};

export type SecuredNats = {
  url: string;
  caFile: string;
  passwords: Record<NatsUser, string>;
  stop(): Promise<void>;
};

function openssl(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
}

/** A CA and a server certificate for 127.0.0.1 and localhost, as make-secrets.sh makes for `nats`. */
export function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=test CA', '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=nats', '-keyout', 'server.key', '-out', 'server.csr'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'san.ext', '-out', 'server.crt'], dir);
  return { ca: join(dir, 'ca.crt'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

const serverVersion = (): [number, number] => {
  const match = /v(\d+)\.(\d+)/.exec(spawnSync(natsServerBinary(), ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
};

/** deploy/nats/compose.conf, pointed at a loopback port, a temporary store and the test certificates. */
function composeConfig(dir: string, port: number, certs: { ca: string; cert: string; key: string }): string {
  let text = readFileSync(join(ROOT, 'deploy/nats/compose.conf'), 'utf8')
    .replace(/^listen: .*$/m, `listen: 127.0.0.1:${port}`)
    .replace(/^http: .*$/m, '')
    .replace('/run/secrets/nats-tls-cert', certs.cert)
    .replace('/run/secrets/nats-tls-key', certs.key)
    .replace('/run/secrets/nats-tls-ca', certs.ca)
    .replace(/store_dir: \S+/, `store_dir: ${JSON.stringify(join(dir, 'js'))}`);
  // 2.9 has no sync_interval (every other line of the file is the same on both versions).
  const [major, minor] = serverVersion();
  if (major === 2 && minor < 10) text = text.replace(/^\s*sync_interval: .*$/m, '');
  copyFileSync(join(ROOT, 'deploy/nats/auth.conf'), join(dir, 'auth.conf'));
  const path = join(dir, 'nats.conf');
  writeFileSync(path, text);
  return path;
}

export async function startSecuredNats(): Promise<SecuredNats> {
  const dir = mkdtempSync(join(tmpdir(), 'ar-nats-auth-'));
  const certs = makeCertificates(dir);
  const port = await freePort();
  const passwords = Object.fromEntries(NATS_USERS.map((u) => [u, natsPassword()])) as Record<NatsUser, string>;
  const env = { PATH: process.env.PATH ?? '', ...Object.fromEntries(NATS_USERS.map((u) => [PASSWORD_KEYS[u], passwords[u]])) };
  const child: ChildProcess = spawn(natsServerBinary(), ['-c', composeConfig(dir, port, certs)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`secured nats-server did not start:\n${log}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`secured nats-server exited (${code}):\n${log}`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `tls://127.0.0.1:${port}`, caFile: certs.ca, passwords, stop };
}

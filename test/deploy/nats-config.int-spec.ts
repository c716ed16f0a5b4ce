// `nats-server -t` on every configuration deploy/ ships, with the files and variables each expects
// (certificates from a throw-away CA, passwords, POD_NAME). They set sync_interval, which nats-server
// 2.9's parser does not know: on 2.9 each file is checked without that one line (and the line is
// checked to be there); CI runs the suite on 2.10.27 (NATS_SERVER_BIN) too, where files are as shipped.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates } from '../e2e/support/secured-nats.js';
import { natsServerBinary } from '../support/nats-server.js';
import { repoPath } from './support/deploy-files.loader.js';

const version = /v(\d+)\.(\d+)/.exec(spawnSync(natsServerBinary(), ['--version'], { encoding: 'utf8' }).stdout ?? '');
const atLeast210 = Number(version?.[1]) > 2 || (Number(version?.[1]) === 2 && Number(version?.[2]) >= 10);
/** Every shipped config fsyncs each write (docs/operations.md, durability); 2.9 cannot parse it. */
const SYNC_ALWAYS = /^\s*sync_interval:\s*always\s*$/m;
const PASSWORDS = { NATS_COMMAND_PASSWORD: 'a', NATS_PROJECTION_PASSWORD: 'b', NATS_SUBSCRIBER_PASSWORD: 'c', NATS_ADMIN_PASSWORD: 'd' };

describe(`nats-server -t (${version?.[0] ?? 'unknown'})`, () => {
  let dir: string;
  let certs: { ca: string; cert: string; key: string };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ar-nats-conf-'));
    certs = makeCertificates(dir);
    copyFileSync(repoPath('deploy/nats/auth.conf'), join(dir, 'auth.conf'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The file with its absolute paths moved into the test folder; what `-t` says about it. */
  function check(file: string, env: Record<string, string>): { status: number | null; output: string } {
    const text = readFileSync(repoPath(file), 'utf8')
      .replaceAll('/etc/nats/tls/tls.crt', certs.cert).replaceAll('/etc/nats/tls/tls.key', certs.key).replaceAll('/etc/nats/tls/ca.crt', certs.ca)
      .replaceAll('/run/secrets/nats-tls-cert', certs.cert).replaceAll('/run/secrets/nats-tls-key', certs.key).replaceAll('/run/secrets/nats-tls-ca', certs.ca)
      .replace(/store_dir: .*/, `store_dir: ${JSON.stringify(join(dir, 'js'))}`)
      .replace('pid_file: /tmp/nats.pid', `pid_file: ${JSON.stringify(join(dir, 'nats.pid'))}`);
    expect(text).toMatch(SYNC_ALWAYS);
    const path = join(dir, file.split('/').pop() ?? 'nats.conf');
    writeFileSync(path, atLeast210 ? text : text.replace(SYNC_ALWAYS, ''));
    const result = spawnSync(natsServerBinary(), ['-t', '-c', path], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it.each(['deploy/nats/kubernetes.conf', 'deploy/nats/compose.conf'])('accepts %s with the users\' passwords set', (file) => {
    expect(check(file, { ...PASSWORDS, POD_NAME: 'nats-0' })).toMatchObject({ status: 0 });
  });

  it.each(['deploy/nats/kubernetes.conf', 'deploy/nats/compose.conf'])('refuses %s when a password is missing: no user without one', (file) => {
    const { NATS_ADMIN_PASSWORD: _, ...three } = PASSWORDS;
    const result = check(file, { ...three, POD_NAME: 'nats-0' });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('NATS_ADMIN_PASSWORD');
  });

  it.each([1, 2, 3])('accepts the loopback cluster node-%i.conf', (n) => {
    expect(check(`deploy/nats/node-${n}.conf`, {})).toMatchObject({ status: 0 });
  });
});

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './lib/built.mjs';

// The shipped image holds package.json, node_modules, dist/ and scripts/, but no sources, and its root
// file system may be read-only: `npm run dlq` / `npm run projections:rebuild` there must run dist/ as
// it is (they used to read libs/…/src, ENOENT, or rebuild dist/, EROFS).
const root = fileURLToPath(new URL('..', import.meta.url));
let image: string;

beforeAll(() => {
  ensureBuilt('libs/jetstream-transport/src/dlq.cli.ts');
  image = mkdtempSync(join(tmpdir(), 'image-layout-'));
  for (const part of ['package.json', 'dist', 'scripts']) cpSync(join(root, part), join(image, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(image, 'node_modules'));
});
afterAll(() => rmSync(image, { recursive: true, force: true }));

const runInImage = (...args: string[]) => spawnSync(process.execPath, ['scripts/run-built.mjs', ...args], { cwd: image, encoding: 'utf8', timeout: 30_000 });

describe('scripts/run-built.mjs in the image layout (no sources)', () => {
  it.each([['libs/jetstream-transport/src/dlq.cli.ts'], ['apps/projection-service/src/rebuild.ts']])('runs dist/ for %s without building', (entry) => {
    const compiled = join(image, 'dist', entry.replace(/\.ts$/, '.js'));
    const before = statSync(compiled).mtimeMs;
    const result = runInImage(entry, '--help');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: /);
    expect(statSync(compiled).mtimeMs).toBe(before);
  });

  it('says what is missing, and exits 1, when dist/ lacks the entry point', () => {
    const result = runInImage('apps/nothing/src/main.ts');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dist/apps/nothing/src/main.js is missing and there are no sources to build it from');
  });
});

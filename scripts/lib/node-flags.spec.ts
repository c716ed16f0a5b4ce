import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from './node-flags.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

describe('the V8 flags of the services', () => {
  it("are the image's CMD, before the entry point", () => {
    const cmd = read('deploy/Dockerfile').split('\n').find((line) => line.startsWith('CMD '));
    expect(cmd).toBe(`CMD exec node ${SERVICE_NODE_FLAGS.join(' ')} "dist/apps/\${APP}/src/main.js"`);
  });

  it('are not overridden or contradicted by a NODE_OPTIONS of the deployments that run the image', () => {
    for (const path of ['deploy/k8s/command-service.yaml', 'deploy/k8s/projection-service.yaml', 'docker-compose.yml']) {
      expect({ path, nodeOptions: /^\s*(- name: NODE_OPTIONS|NODE_OPTIONS:)/m.test(read(path)) }).toEqual({ path, nodeOptions: false });
    }
  });

  it('start the processes of `npm start` and of the bench', () => {
    expect(read('scripts/start/services.mjs')).toContain('args: [...SERVICE_NODE_FLAGS,');
    for (const path of ['bench/scenarios/writes.mjs', 'bench/scenarios/catch-up.mjs', 'bench/scenarios/webhooks.mjs']) {
      expect({ path, flags: read(path).includes('SERVICE_NODE_FLAGS') }).toEqual({ path, flags: true });
    }
  });

  it('are ones node accepts', () => {
    expect(SERVICE_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVICE_NODE_FLAGS) expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0])).toBe(true);
  });
});

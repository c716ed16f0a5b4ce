// GET /packages/{id}/ on the caught-up projection service, 50 connections, ids spread over the stream.
import { readFileSync } from 'node:fs';
import { attempt, log } from '../lib/context.mjs';
import { cannon } from './ceilings.mjs';

export async function getById(cfg, env, service, idsFile) {
  return attempt('get by id', async () => {
    const [id] = JSON.parse(readFileSync(idsFile, 'utf8'));
    const probe = await fetch(`${service.url}/packages/${id}/`, { headers: { authorization: `Bearer ${env.token}` } });
    if (probe.status !== 200) throw new Error(`GET /packages/{id}/ answered ${probe.status}: query API not available`);
    log('ours: GET by id');
    return cannon(cfg, { url: service.url, token: env.token, pid: service.pid, connections: cfg.getConnections, kind: 'get-by-id', idsFile });
  });
}

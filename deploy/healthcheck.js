// Container health probe for the process the image runs (APP). Slim images carry no curl, so node asks
// the service itself; exit 0 = healthy, 1 = not. `node deploy/healthcheck.js ready` asks readiness.

/** Each process's port variable and default (SPEC §2). */
export const APP_PORTS = {
  'command-service': { key: 'COMMAND_PORT', port: 3000 },
  'projection-service': { key: 'QUERY_PORT', port: 3001 },
  gateway: { key: 'GATEWAY_PORT', port: 8080 },
};

export function healthUrl(env, probe = 'live') {
  const app = APP_PORTS[env.APP ?? ''];
  if (!app) throw new Error(`APP must be one of ${Object.keys(APP_PORTS).join(', ')}, got ${env.APP}`);
  if (probe !== 'live' && probe !== 'ready') throw new Error(`probe must be live or ready, got ${probe}`);
  const port = env[app.key] || String(app.port);
  return `http://127.0.0.1:${port}/health/${probe}`;
}

async function main() {
  try {
    const answer = await fetch(healthUrl(process.env, process.argv[2]), { signal: AbortSignal.timeout(2500) });
    process.exit(answer.ok ? 0 : 1);
  } catch (error) {
    process.stderr.write(`healthcheck: ${error.message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) await main();

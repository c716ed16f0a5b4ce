// The V8 flags both services run with, wherever they start: `npm start` (scripts/start/services.mjs),
// the bench (bench/lib/services.mjs, bench/scenarios/catch-up.mjs) and, written out in full, the
// image's CMD (deploy/Dockerfile), which docker-compose.yml and deploy/k8s run; node-flags.spec.ts
// checks that the Dockerfile says the same. Measurements and the reasons: docs/decisions.md (Memory).
//
// Without a limit V8 sizes the old space from the machine's memory and lets it grow 4× its live size
// between full collections, which are also what free the Buffers that died with the objects holding
// them: RSS reached 180–290 MB for a live heap of 40–60 MB. The semi-space size is Node 20's default,
// pinned: it costs 16 MB over 8 MB and saves a third of the catch-up's CPU (fewer promotions).
export const SERVICE_NODE_FLAGS = Object.freeze(['--max-old-space-size=128', '--max-semi-space-size=16']);

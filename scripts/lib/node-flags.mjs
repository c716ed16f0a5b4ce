// The V8 flags both services run with, wherever they start: `npm start` (scripts/start/services.mjs),
// the bench (bench/lib/services.mjs, bench/scenarios/catch-up.mjs) and, written out in full, the
// image's CMD (deploy/Dockerfile), which docker-compose.yml and deploy/k8s run; node-flags.spec.ts
// checks that the Dockerfile says the same. Measurements and the reasons: docs/decisions.md (Memory).
//
// Without them V8 sizes the heap from the machine's memory: the young generation takes 32 MB (two
// 16 MB semi-spaces) and the old space grows to 90–120 MB before a full collection, which is also
// what frees the Buffers that died with the objects holding them, so RSS reached 220–290 MB for a
// live heap of 40–60 MB.
export const SERVICE_NODE_FLAGS = Object.freeze(['--max-old-space-size=128', '--max-semi-space-size=8']);

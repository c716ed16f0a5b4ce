// A private nats-server with JetStream on a free loopback port and a temporary store, so every
// test file owns `artifacts.>` and two runs never collide. `stop()` kills it and removes the store.
// The bench and the launcher share the implementation (scripts/lib/local-servers.mjs).
export { freePort, startNats, type NatsServer } from '../../scripts/lib/local-servers.mjs';
export { natsServerBinary } from '../../scripts/lib/nats-binary.mjs';

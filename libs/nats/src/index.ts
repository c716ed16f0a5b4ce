// Public API of the NATS connection settings both services share: NATS_URL, credentials and TLS
// from the environment, and a connect that fails fast naming the URL.
export { loadEventStreamName, loadNatsConfig, type NatsConfig } from './nats.config.js';
export { connectNats, NatsUnreachableError } from './nats.connection.js';

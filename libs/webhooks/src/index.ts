export * from './signature.js';
export * from './destination.js';
export * from './delivery.js';
export * from './retry-policy.js';
export * from './secret-store.js';
export * from './names.js';
export * from './registration-body.js';
export * from './deliveries-log.js';

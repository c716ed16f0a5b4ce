export { createUpcasterRegistry, UpcastError, type Upcaster, type UpcasterKey, type UpcasterRegistry } from './upcaster-registry.js';

// Types of nats-binary.mjs for the TypeScript that imports it (test/support, test/reliability).
export const NATS_INSTALL_HINT: string;
export function findOnPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function natsServerBinary(env?: NodeJS.ProcessEnv): string;
export function natsServerAvailable(env?: NodeJS.ProcessEnv): boolean;

// Types of local-servers.mjs for the TypeScript that imports it (test/support).
import type { ChildProcess } from 'node:child_process';

export type NatsServer = { url: string; port: number; storeDir: string; process: ChildProcess; stop(): Promise<void> };
export type ThrowawayPostgres = { adminUrl: string; stop(): Promise<void> };
export type Database = { url: string; name: string; drop(): Promise<void> };

export function freePort(): Promise<number>;
export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T>;
export function openPathForPostgresUser(dir: string, onOpened?: (dir: string) => void): Promise<void>;
export function startNats(options?: { storeDir?: string; port?: number; prefix?: string }): Promise<NatsServer>;
export function startThrowawayPostgres(options?: { prefix?: string; postgresFlags?: string[] }): Promise<ThrowawayPostgres>;
export function createDatabase(adminUrl: string, prefix: string): Promise<Database>;

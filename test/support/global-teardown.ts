// Loaded through plain `require` like global-setup.ts: packages and builtins only.

export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__arEmbeddedPostgres;
  globalThis.__arEmbeddedPostgres = undefined;
  delete process.env.TEST_PG_ADMIN_URL;
  // A server given through DATABASE_URL belongs to someone else: only what setup started is stopped.
  await server?.stop();
}

import { type GlobalWithPostgres, POSTGRES_SERVER_HANDLE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const global = globalThis as GlobalWithPostgres;
  const server = global[POSTGRES_SERVER_HANDLE];
  if (!server) return;
  delete global[POSTGRES_SERVER_HANDLE];
  delete process.env.TEST_POSTGRES_URL;
  await server.stop();
}

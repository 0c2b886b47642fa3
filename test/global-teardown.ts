import { rm } from 'node:fs/promises';
import type { EmbeddedPostgres } from '../src/database/embedded-postgres.ts';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __embeddedTestCluster?: { cluster: EmbeddedPostgres; dir: string } })
    .__embeddedTestCluster;
  if (!state) return;
  await state.cluster.stop();
  await rm(state.dir, { recursive: true, force: true });
}

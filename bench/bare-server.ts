/**
 * The bare baselines in a process of their own (`BENCH_PROCESSES=separate npm run bench:load`):
 * serves `bench/bare.ts` on 127.0.0.1 over BENCH_BARE_DATABASE_URL and sends its port to the parent.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { bareRoutes } from './bare.js';

const pool = new pg.Pool({ connectionString: process.env.BENCH_BARE_DATABASE_URL, max: 20 });
const bare = Fastify();
bareRoutes(bare, pool);
await bare.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ port: (bare.server.address() as { port: number }).port });
process.on('disconnect', () => {
  void bare.close().then(() => pool.end());
});

/**
 * How long an acknowledged write's audit event waits before it is sealed into the hash chain, under
 * concurrent writes: `npm run bench:audit-seal`. BENCH_WRITERS concurrent writers (default 20) create
 * organizations for BENCH_SECONDS (default 10); a poller on the service's database notes when each
 * event appears in `audit_event`. Reports the delay from the write's response to its sealing
 * (p50, p95, p99, max), the writes per second, and whether the chain verifies.
 */
import { signIn, startBenchService } from './harness.js';

const WRITERS = Number(process.env.BENCH_WRITERS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const service = await startBenchService({ RATE_LIMIT_PER_MINUTE: '1000000' });
  try {
    const token = await signIn(service.graphql, 'admin@bench.example');
    const acknowledged = new Map<string, number>();
    const sealed = new Map<string, number>();
    let stop = false;
    let lastSequence = 0;
    const poller = (async () => {
      const waiting = () => [...acknowledged.keys()].some((id) => !sealed.has(id));
      while (!stop || waiting()) {
        const { rows } = await service.pool.query<{ sequence: string; entity_id: string }>(
          `SELECT sequence, entity_id FROM audit_event WHERE sequence > $1 ORDER BY sequence`,
          [lastSequence],
        );
        const now = performance.now();
        for (const row of rows) {
          lastSequence = Number(row.sequence);
          sealed.set(row.entity_id, now);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const writer = async (worker: number) => {
      for (let i = 0; !stop; i += 1) {
        const response = await fetch(service.graphql, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: 'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
            variables: { input: { name: `Seal bench ${worker}-${i}`, kind: 'UN_ENTITY' } },
          }),
        });
        const body = (await response.json()) as { data?: { createOrganization: { id: string } } };
        if (body.data) acknowledged.set(body.data.createOrganization.id, performance.now());
      }
    };
    const started = performance.now();
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    stop = true;
    await Promise.all(writers);
    const elapsed = (performance.now() - started) / 1000;
    await Promise.race([poller, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    const delays = [...acknowledged]
      .map(([id, at]) => (sealed.get(id) ?? NaN) - at)
      .filter((delay) => !Number.isNaN(delay))
      .map((delay) => Math.max(0, delay))
      .sort((a, b) => a - b);
    const verify = await fetch(service.graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ verifyAuditLog { valid checkedEvents } }' }),
    });
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      [
        `audit sealing, ${WRITERS} writers, ${SECONDS} s, ${service.database}:`,
        `  writes acknowledged: ${acknowledged.size} (${(acknowledged.size / elapsed).toFixed(0)}/s); sealed: ${delays.length}`,
        `  delay from response to sealed: p50 ${fmt(percentile(delays, 50))}, p95 ${fmt(percentile(delays, 95))}, ` +
          `p99 ${fmt(percentile(delays, 99))}, max ${fmt(delays.at(-1) ?? NaN)}`,
        `  verifyAuditLog: ${JSON.stringify(((await verify.json()) as { data: unknown }).data)}`,
      ].join('\n'),
    );
  } finally {
    await service.close();
  }
}

await main();

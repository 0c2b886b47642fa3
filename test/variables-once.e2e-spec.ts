import { adminClient, type GqlClient } from './support/client.js';
import { resetDatabase, testTarget } from './support/database.js';
import {
  buildService,
  type ServiceProcess,
  serviceEnv,
  startService,
  stopService,
} from './support/service.js';

const LIST = `query Offers($first: Int, $filter: OfferFilter) { offers(first: $first, filter: $filter) { totalCount } }`;

/**
 * A compiled query's variables are checked once, by the compiled query. Runs the built service in its
 * own process: Mercurius is loaded with that adjustment when Node loads it (graphql/variables-once.ts),
 * which the test runner's module registry bypasses. The service's metrics count the checks.
 */
describe('variables coerced once (e2e)', () => {
  let t: ServiceProcess;
  let admin: GqlClient;

  beforeAll(async () => {
    buildService();
    await resetDatabase();
    t = await startService(serviceEnv(testTarget()));
    admin = await adminClient(t.url);
  }, 180_000);
  afterAll(async () => {
    if (t) await stopService(t);
  });

  const checks = async () => {
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(`^graphql_variable_checks_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(metrics)?.[1],
      );
    return { run: count('run'), skipped: count('skipped') };
  };

  /** Four runs of the list with these variables: status and body of each. */
  const answers = async (variables: Record<string, unknown>) => {
    const seen: string[] = [];
    for (let run = 0; run < 4; run += 1) {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify({ query: LIST, variables }),
      });
      seen.push(`${response.status} ${await response.text()}`);
    }
    return seen;
  };

  it('checks the variables of a compiled query once, with the same answers before and after it is compiled', async () => {
    const before = await checks();
    const valid = await answers({ first: 5, filter: { status: ['PUBLISHED'] } });
    expect(new Set(valid).size).toBe(1);
    expect(valid[0]).toMatch(/^200 \{"data":\{"offers":\{"totalCount":\d+\}\}\}$/);
    // Checked before execution the first time; compiled the second; the compiled query alone after.
    const after = await checks();
    expect(after.skipped - before.skipped).toBe(2);

    for (const wrong of [
      { first: 'five' },
      { first: 2 ** 40 },
      { filter: { status: ['NOPE'] } },
      { filter: 3 },
    ]) {
      const refused = await answers(wrong);
      expect(new Set(refused).size).toBe(1);
      expect(refused[0]).toMatch(/^200 \{"errors":\[\{"message":"Variable \\"\$\w+\\" got invalid value/);
      expect(refused[0]).toContain('"code":"BAD_USER_INPUT"');
    }
  });
});

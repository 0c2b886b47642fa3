import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seed } from '../seeds/demo.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient } from './support/client.js';
import { testTarget } from './support/database.js';
import { iatiProblems } from './support/iati.js';
import { buildService, databaseUrl, projectRoot } from './support/service.js';

const EXPORT = `query($id: ID!, $from: Date!, $to: Date!) { iatiActivities(providerOrganizationId: $id, period: { from: $from, to: $to }) }`;

/** The demonstration data tells a story: matches at every stage, exports that validate, a frozen report. */
describe('the demonstration data (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;
  const year = new Date().getUTCFullYear();
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };

  beforeAll(async () => {
    t = await startTestApp();
    await seed(t.app);
    admin = await adminClient(t.url);
  }, 120_000);
  afterAll(() => t.close());

  it('has matches at every stage, evaluations and a frozen CTC report', async () => {
    const { matches } = await admin.ok<{ matches: { nodes: { status: string; evaluation: unknown }[] } }>(
      `{ matches(first: 100) { nodes { status evaluation { rating } } } }`,
    );
    const statuses = new Set(matches.nodes.map((match) => match.status));
    expect([...statuses].sort()).toEqual(['AGREED', 'DELIVERED', 'IN_DELIVERY', 'PROPOSED']);
    expect(matches.nodes.some((match) => match.evaluation)).toBe(true);
    const { ctcReports } = await admin.ok<{ ctcReports: { sha256: string }[] }>(`{ ctcReports { sha256 } }`);
    expect(ctcReports).toHaveLength(1);
  });

  it("exports every provider's agreed assistance as valid IATI, through the API and the command line", async () => {
    const { organizations } = await admin.ok<{
      organizations: { id: string; iatiIdentifier: string | null }[];
    }>(`{ organizations { id iatiIdentifier } }`);
    const providers = organizations.filter((organization) => organization.iatiIdentifier);
    expect(providers.length).toBeGreaterThan(0);
    let activities = 0;
    let busiest: string | undefined;
    for (const provider of providers) {
      const result = await admin.request<{ iatiActivities: string }>(EXPORT, { id: provider.id, ...period });
      if (result.errors) {
        // A provider with nothing agreed in the period is told so: IATI has no empty document.
        expect(result.errors[0]?.message).toMatch(/has no agreed assistance to publish/);
        continue;
      }
      const xml = result.data?.iatiActivities ?? '';
      expect(await iatiProblems(xml)).toEqual([]);
      activities += (xml.match(/<iati-activity /g) ?? []).length;
      busiest ??= provider.iatiIdentifier ?? undefined;
    }
    expect(activities).toBeGreaterThan(0);

    buildService();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'cia-iati-')), 'export.xml');
    const printed = execFileSync(
      process.execPath,
      [
        path.join(projectRoot, 'dist/src/scripts/export-iati.js'),
        '--provider',
        busiest ?? '',
        '--from',
        period.from,
        '--to',
        period.to,
        '--out',
        out,
      ],
      {
        env: { ...process.env, NODE_ENV: 'test', NODE_OPTIONS: '', DATABASE_URL: databaseUrl(testTarget()) },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(printed).toBe('');
    expect(await iatiProblems(readFileSync(out, 'utf8'))).toEqual([]);
  }, 180_000);
});

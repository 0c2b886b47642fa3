import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient, loginAs } from './support/client.js';
import { withClient } from './support/database.js';

const SUMMARY = `query($p: ReportPeriodInput!) { implementationSummary(period: $p) {
  period { from to } requestsReceived offersPublished matchesProposed matchesAgreed matchesDelivered matchRate medianDaysToMatch
  requestsByStatus { key count } requestsBySector { key count } requestsByRegion { key count } matchesByParagraph { key count }
  unmetNeeds { sector region openRequests } providerContributions { organization { name } agreedMatches deliveredMatches }
  goodPractices { matchReference sector practice } } }`;
const REPORT_FIELDS = `id reference title period { from to } generatedAt generatedBy { id } sha256 csv markdown
  summary { requestsReceived matchesAgreed matchRate requestsByStatus { key count } goodPractices { practice } }`;
const GENERATE = `mutation($input: GenerateCtcReportInput!) { generateCtcReport(input: $input) { ${REPORT_FIELDS} } }`;
const GET_REPORT = `query($id: ID!) { ctcReport(id: $id) { ${REPORT_FIELDS} } }`;
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

/** Rows written straight to the database, so every timestamp is exactly where the test wants it. */
async function fixture() {
  return withClient(async (db) => {
    const org = async (name: string, kind: string, state: string | null) =>
      (
        await db.query(
          `INSERT INTO organization (name, kind, member_state_code) VALUES ($1, $2, $3) RETURNING id`,
          [name, kind, state],
        )
      ).rows[0].id as string;
    const kenya = await org('Kenya Fixture Ministry', 'MEMBER_STATE', 'KEN');
    const peru = await org('Peru Fixture Ministry', 'MEMBER_STATE', 'PER');
    const norway = await org('Fixture Norway', 'MEMBER_STATE', 'NOR');
    const unodc = await org('Fixture UNODC', 'UN_ENTITY', null);
    const creator = (await db.query(`SELECT id FROM app_user LIMIT 1`)).rows[0].id as string;
    let number = 0;
    const request = async (r: {
      org: string;
      state: string;
      region: string;
      sectors: string[];
      submitted: string;
      opened?: string;
      status: string;
      history: [string, string][];
      confidentiality?: string;
      title?: string;
    }) => {
      number += 1;
      const id = (
        await db.query(
          `INSERT INTO assistance_request (reference, title, description, requesting_organization_id,
             beneficiary_state_codes, beneficiary_regions, sectors, assistance_types, protection_streams, phases, mandate_paragraphs,
             priority, confidentiality, languages, delivery_modes, status, version, created_by, submitted_at, opened_at)
           VALUES ('REQ-2026-' || lpad($1::bigint::text, 6, '0'), $2, $3, $4, ARRAY[$5::text], ARRAY[$6::text], $7::infrastructure_sector[], '{TRAINING}', '{}', '{}', '{}',
             'HIGH', $8, '{en}', '{}', $9, 1, $10, $11, $12) RETURNING id`,
          [
            number,
            r.title ?? `Fixture need ${number}`,
            `SECRET-DESCRIPTION-${number}`,
            r.org,
            r.state,
            r.region,
            r.sectors,
            r.confidentiality ?? 'PUBLIC',
            r.status,
            creator,
            r.submitted,
            r.opened ?? null,
          ],
        )
      ).rows[0].id as string;
      let from: string | null = null;
      for (const [to, at] of r.history) {
        await db.query(
          `INSERT INTO status_change (entity_type, entity_id, from_status, to_status, action, at) VALUES ('AssistanceRequest', $1, $2, $3, 'FIXTURE', $4)`,
          [id, from, to, at],
        );
        from = to;
      }
      return id;
    };
    let offers = 0;
    const offer = async (providerOrg: string, published: string) => {
      offers += 1;
      return (
        await db.query(
          `INSERT INTO assistance_offer (reference, title, description, provider_organization_id, sectors, assistance_types,
             protection_streams, phases, mandate_paragraph, eligible_regions, eligible_state_codes, languages, delivery_modes, capacity,
             remaining_capacity, confidentiality, status, version, created_by, published_at)
           VALUES ('OFF-2026-' || lpad($1::bigint::text, 6, '0'), 'Fixture offer', 'Fixture.', $2, '{ENERGY}', '{TRAINING}', '{}', '{}', 'PARAGRAPH_9',
             '{}', '{}', '{en}', '{}', 5, 5, 'PUBLIC', 'PUBLISHED', 1, $3, $4) RETURNING id`,
          [offers, providerOrg, creator, published],
        )
      ).rows[0].id as string;
    };
    let matches = 0;
    const match = async (m: {
      request: string;
      requestOrg: string;
      offer: string;
      providerOrg: string;
      paragraph: string;
      proposed: string;
      agreed?: string;
      delivered?: string;
      evaluated?: string;
      practice?: string;
    }) => {
      matches += 1;
      await db.query(
        `INSERT INTO "match" (reference, request_id, offer_id, requesting_organization_id, provider_organization_id, score,
           score_breakdown, status, requester_decision, provider_decision, mandate_paragraph, proposed_by, proposed_at, agreed_at, delivered_at,
           evaluation_rating, evaluation_outcome, evaluation_good_practice, evaluated_by, evaluated_at, version, created_by)
         VALUES ('MAT-2026-' || lpad($1::bigint::text, 6, '0'), $2, $3, $4, $5, 0.9, '[]', $6, 'ACCEPTED', 'ACCEPTED', $7, $8, $9, $10, $11,
           $12, $13, $14, $15, $16, 1, $8)`,
        [
          matches,
          m.request,
          m.offer,
          m.requestOrg,
          m.providerOrg,
          m.delivered ? 'DELIVERED' : m.agreed ? 'AGREED' : 'PROPOSED',
          m.paragraph,
          creator,
          m.proposed,
          m.agreed ?? null,
          m.delivered ?? null,
          m.evaluated ? 5 : null,
          m.evaluated ? 'Done' : null,
          m.practice ?? null,
          m.evaluated ? creator : null,
          m.evaluated ?? null,
        ],
      );
    };
    const r1 = await request({
      org: kenya,
      state: 'KEN',
      region: 'Africa',
      sectors: ['ENERGY'],
      submitted: '2026-03-01T00:00:00Z',
      opened: '2026-03-02T00:00:00Z',
      status: 'COMPLETED',
      confidentiality: 'CONFIDENTIAL',
      title: 'SECRET-TITLE-R1',
      history: [
        ['DRAFT', '2026-02-20T00:00:00Z'],
        ['SUBMITTED', '2026-03-01T00:00:00Z'],
        ['OPEN', '2026-03-02T00:00:00Z'],
        ['MATCHED', '2026-03-05T00:00:00Z'],
        ['IN_DELIVERY', '2026-03-10T00:00:00Z'],
        ['COMPLETED', '2026-03-20T00:00:00Z'],
      ],
    });
    await request({
      org: peru,
      state: 'PER',
      region: 'Americas',
      sectors: ['WATER_SUPPLY', 'ENERGY'],
      submitted: '2026-03-31T23:59:59Z',
      status: 'SUBMITTED',
      history: [
        ['DRAFT', '2026-03-30T00:00:00Z'],
        ['SUBMITTED', '2026-03-31T23:59:59Z'],
      ],
    });
    await request({
      org: kenya,
      state: 'KEN',
      region: 'Africa',
      sectors: ['ENERGY'],
      submitted: '2026-04-01T00:00:00Z',
      opened: '2026-04-02T00:00:00Z',
      status: 'OPEN',
      history: [
        ['DRAFT', '2026-03-30T00:00:00Z'],
        ['SUBMITTED', '2026-04-01T00:00:00Z'],
        ['OPEN', '2026-04-02T00:00:00Z'],
      ],
    });
    await request({
      org: kenya,
      state: 'KEN',
      region: 'Africa',
      sectors: ['TOURISM'],
      submitted: '2026-02-28T23:59:59Z',
      opened: '2026-03-10T00:00:00Z',
      status: 'OPEN',
      history: [
        ['DRAFT', '2026-02-01T00:00:00Z'],
        ['SUBMITTED', '2026-02-28T23:59:59Z'],
        ['OPEN', '2026-03-10T00:00:00Z'],
      ],
    });
    const r5 = await request({
      org: kenya,
      state: 'KEN',
      region: 'Africa',
      sectors: ['PUBLIC_HEALTH'],
      submitted: '2026-03-03T00:00:00Z',
      opened: '2026-03-04T00:00:00Z',
      status: 'MATCHED',
      history: [
        ['DRAFT', '2026-03-01T00:00:00Z'],
        ['SUBMITTED', '2026-03-03T00:00:00Z'],
        ['OPEN', '2026-03-04T00:00:00Z'],
        ['MATCHED', '2026-04-01T00:00:00Z'],
      ],
    });
    const r6 = await request({
      org: peru,
      state: 'PER',
      region: 'Americas',
      sectors: ['TOURISM'],
      submitted: '2026-02-01T00:00:00Z',
      opened: '2026-02-02T00:00:00Z',
      status: 'MATCHED',
      history: [
        ['DRAFT', '2026-01-01T00:00:00Z'],
        ['SUBMITTED', '2026-02-01T00:00:00Z'],
        ['OPEN', '2026-02-02T00:00:00Z'],
        ['MATCHED', '2026-03-01T00:00:00Z'],
      ],
    });
    const o1 = await offer(norway, '2026-03-15T00:00:00Z');
    await offer(norway, '2026-04-01T00:00:00Z');
    const o3 = await offer(unodc, '2026-03-31T23:59:59.999Z');
    await match({
      request: r1,
      requestOrg: kenya,
      offer: o1,
      providerOrg: norway,
      paragraph: 'PARAGRAPH_9',
      proposed: '2026-03-04T00:00:00Z',
      agreed: '2026-03-05T00:00:00Z',
      delivered: '2026-03-20T00:00:00Z',
      evaluated: '2026-03-25T00:00:00Z',
      practice: 'Joint drills with the regulator',
    });
    await match({
      request: r5,
      requestOrg: kenya,
      offer: o1,
      providerOrg: norway,
      paragraph: 'PARAGRAPH_11',
      proposed: '2026-03-31T12:00:00Z',
      agreed: '2026-04-01T00:00:00Z',
    });
    await match({
      request: r6,
      requestOrg: peru,
      offer: o3,
      providerOrg: unodc,
      paragraph: 'PARAGRAPH_12',
      proposed: '2026-02-27T00:00:00Z',
      agreed: '2026-03-01T00:00:00Z',
    });
    // A good practice on a PUBLIC need (the CONFIDENTIAL one above stays out of every report).
    await match({
      request: r6,
      requestOrg: peru,
      offer: o1,
      providerOrg: norway,
      paragraph: 'PARAGRAPH_9',
      proposed: '2026-01-10T00:00:00Z',
      agreed: '2026-01-12T00:00:00Z',
      delivered: '2026-02-20T00:00:00Z',
      evaluated: '2026-03-10T00:00:00Z',
      practice: 'Shared incident playbooks',
    });
  });
}

describe('reporting (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;
  let coordinator: GqlClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t.url);
    coordinator = (await loginAs(admin, ['COORDINATOR'])).client;
    await fixture();
  });
  afterAll(() => t.close());

  it('gives the exact summary of a period, edges included', async () => {
    const { implementationSummary } = await coordinator.ok<{ implementationSummary: unknown }>(SUMMARY, {
      p: MARCH,
    });
    expect(implementationSummary).toEqual({
      period: MARCH,
      requestsReceived: 3,
      offersPublished: 2,
      matchesProposed: 2,
      matchesAgreed: 2,
      matchesDelivered: 1,
      matchRate: 0.333333,
      medianDaysToMatch: 3,
      requestsByStatus: [
        { key: 'COMPLETED', count: 1 },
        { key: 'OPEN', count: 1 },
        { key: 'SUBMITTED', count: 1 },
      ],
      requestsBySector: [
        { key: 'ENERGY', count: 2 },
        { key: 'PUBLIC_HEALTH', count: 1 },
        { key: 'WATER_SUPPLY', count: 1 },
      ],
      requestsByRegion: [
        { key: 'Africa', count: 2 },
        { key: 'Americas', count: 1 },
      ],
      matchesByParagraph: [
        { key: 'PARAGRAPH_9', count: 1 },
        { key: 'PARAGRAPH_11', count: 0 },
        { key: 'PARAGRAPH_12', count: 1 },
      ],
      unmetNeeds: [
        { sector: 'PUBLIC_HEALTH', region: 'Africa', openRequests: 1 },
        { sector: 'TOURISM', region: 'Africa', openRequests: 1 },
      ],
      providerContributions: [
        { organization: { name: 'Fixture Norway' }, agreedMatches: 1, deliveredMatches: 1 },
        { organization: { name: 'Fixture UNODC' }, agreedMatches: 1, deliveredMatches: 0 },
      ],
      goodPractices: [
        { matchReference: 'MAT-2026-000004', sector: 'TOURISM', practice: 'Shared incident playbooks' },
      ],
    });
  });

  it('freezes a report: later activity changes nothing in it, and its hash recomputes from the stored JSON', async () => {
    const { generateCtcReport: report } = await coordinator.ok<{
      generateCtcReport: Record<string, unknown> & {
        id: string;
        sha256: string;
        reference: string;
        csv: string;
      };
    }>(GENERATE, {
      input: { title: 'Implementation of resolution 2341, March 2026', period: MARCH },
    });
    expect(report.reference).toMatch(/^CTC-\d{4}-\d{3}$/);
    expect(report.markdown).toContain(`sha256 of the canonical JSON of this summary: \`${report.sha256}\``);
    expect(report.markdown).toContain('## Unmet needs');
    expect(report.csv.split('\r\n')[0]).toBe('section,key,value');
    expect(report.csv).toContain('headline,requestsReceived,3');
    const stored = await withClient(
      async (db) =>
        (await db.query(`SELECT summary_json FROM ctc_report WHERE id = $1`, [report.id])).rows[0]
          .summary_json as string,
    );
    expect(createHash('sha256').update(stored).digest('hex')).toBe(report.sha256);
    expect(stored).toBe(stored.replace(/\s(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '')); // no insignificant white space

    // New activity inside March after generation: live figures move, the report does not.
    await withClient((db) =>
      db.query(
        `UPDATE assistance_request SET submitted_at = '2026-03-15T00:00:00Z' WHERE reference = 'REQ-2026-000003'`,
      ),
    );
    const live = await coordinator.ok<{ implementationSummary: { requestsReceived: number } }>(SUMMARY, {
      p: MARCH,
    });
    expect(live.implementationSummary.requestsReceived).toBe(4);
    const again = await coordinator.ok<{ ctcReport: Record<string, unknown> }>(GET_REPORT, { id: report.id });
    expect(again.ctcReport).toEqual(report);
    const listed = await coordinator.ok<{ ctcReports: { id: string; sha256: string }[] }>(
      '{ ctcReports { id sha256 } }',
    );
    expect(listed.ctcReports).toContainEqual({ id: report.id, sha256: report.sha256 });
    await expect(
      withClient((db) => db.query(`UPDATE ctc_report SET title = 'Edited' WHERE id = $1`, [report.id])),
    ).rejects.toThrow(/immutable/);
    await expect(
      withClient((db) => db.query(`DELETE FROM ctc_report WHERE id = $1`, [report.id])),
    ).rejects.toThrow(/immutable/);
  });

  it('never reveals a confidential title, description or requesting State in summaries, reports, CSV or Markdown', async () => {
    const summary = await coordinator.request(SUMMARY, { p: MARCH });
    const { generateCtcReport: report } = await coordinator.ok<{ generateCtcReport: unknown }>(GENERATE, {
      input: { title: 'Leak check', period: MARCH },
    });
    const outputs = JSON.stringify([summary, report]);
    for (const secret of [
      'SECRET',
      'Kenya',
      'Peru',
      'KEN',
      'PER',
      'Fixture Ministry',
      'Joint drills',
      'MAT-2026-000001',
    ])
      expect(outputs).not.toContain(secret);
  });

  it('lets coordinators, observers and admins read figures; only coordinators issue reports', async () => {
    const observer = (await loginAs(admin, ['CTC_OBSERVER'])).client;
    expect((await observer.request(SUMMARY, { p: MARCH })).errors).toBeUndefined();
    expect((await admin.request(SUMMARY, { p: MARCH })).errors).toBeUndefined();
    const provider = await loginAs(
      admin,
      ['PROVIDER'],
      (
        await admin.ok<{ createOrganization: { id: string } }>(
          `mutation { createOrganization(input: { name: "Reader test donor", kind: UN_ENTITY }) { id } }`,
        )
      ).createOrganization,
    );
    expect(await provider.client.errorCode(SUMMARY, { p: MARCH })).toBe('FORBIDDEN');
    expect(await observer.errorCode(GENERATE, { input: { title: 'No', period: MARCH } })).toBe('FORBIDDEN');
    expect(await coordinator.errorCode(SUMMARY, { p: { from: '2026-04-01', to: '2026-03-01' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await coordinator.errorCode(SUMMARY, { p: { from: '2026-02-30', to: '2026-03-01' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await coordinator.errorCode(GET_REPORT, { id: crypto.randomUUID() })).toBe('NOT_FOUND');
  });
});

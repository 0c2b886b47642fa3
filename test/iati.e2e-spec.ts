import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient } from './support/client.js';
import {
  type Cast,
  cast,
  CREATE_OFFER,
  CREATE_REQUEST,
  offerInput,
  requestInput,
  TRANSITION_OFFER,
  TRANSITION_REQUEST,
} from './support/fixtures.js';
import { withClient } from './support/database.js';
import { iatiProblems } from './support/iati.js';

const UPDATE_ORG = `mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id iatiIdentifier } }`;
const EXPORT = `query($id: ID!, $from: Date!, $to: Date!) { iatiActivities(providerOrganizationId: $id, period: { from: $from, to: $to }) }`;
const PROPOSE = `mutation($input: ProposeMatchInput!) { proposeMatch(input: $input) { id reference } }`;
const RESPOND = `mutation($id: ID!) { respondToMatch(id: $id, decision: ACCEPT) { status } }`;
const MOVE = `mutation($id: ID!, $a: MatchAction!) { transitionMatch(id: $id, action: $a) { status } }`;
const EVALUATE = `mutation($id: ID!) { evaluateMatch(id: $id, input: { rating: 5, outcomeSummary: "Operators trained" }) { id } }`;
const CONSENT = `mutation($id: ID!, $c: PublicationConsent!) { setMatchPublicationConsent(id: $id, consent: $c) { publicationConsent version } }`;

describe('IATI export (e2e)', () => {
  let t: TestApp;
  let c: Cast;
  let admin: GqlClient;
  const year = new Date().getUTCFullYear();
  const period = { from: `${year - 1}-01-01`, to: `${year}-12-31` };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t.url);
    c = await cast(admin);
  });
  afterAll(() => t.close());

  const exportOf = async (client: GqlClient, id = c.norway.id) =>
    (await client.ok<{ iatiActivities: string }>(EXPORT, { id, ...period })).iatiActivities;

  /** A match agreed between Kenya's request and Norway's offer, moved on as far as `to`. */
  async function agreed(
    request: Record<string, unknown>,
    offer: Record<string, unknown> = {},
    to: 'AGREED' | 'IN_DELIVERY' | 'DELIVERED' | 'EVALUATED' = 'AGREED',
  ) {
    const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
      input: requestInput({ confidentiality: 'PUBLIC', ...request }),
    });
    await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'START_REVIEW' });
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'APPROVE' });
    const { createOffer } = await c.provider.client.ok<{ createOffer: { id: string } }>(CREATE_OFFER, {
      input: offerInput({
        confidentiality: 'PUBLIC',
        ...(request.sectors ? { sectors: request.sectors } : {}),
        ...(request.assistanceTypes ? { assistanceTypes: request.assistanceTypes } : {}),
        ...offer,
      }),
    });
    await c.provider.client.ok(TRANSITION_OFFER, { id: createOffer.id, action: 'PUBLISH' });
    // A coordinator proposes (a CONFIDENTIAL need is not visible to providers); both parties accept.
    const { proposeMatch } = await c.coordinator.client.ok<{
      proposeMatch: { id: string; reference: string };
    }>(PROPOSE, { input: { requestId: createRequest.id, offerId: createOffer.id } });
    await c.provider.client.ok(RESPOND, { id: proposeMatch.id });
    await c.requester.client.ok(RESPOND, { id: proposeMatch.id });
    if (to !== 'AGREED') await c.provider.client.ok(MOVE, { id: proposeMatch.id, a: 'START_DELIVERY' });
    if (to === 'DELIVERED' || to === 'EVALUATED')
      await c.provider.client.ok(MOVE, { id: proposeMatch.id, a: 'MARK_DELIVERED' });
    if (to === 'EVALUATED') await c.requester.client.ok(EVALUATE, { id: proposeMatch.id });
    return proposeMatch;
  }

  it('refuses, with what to do, a provider without an IATI organisation identifier', async () => {
    const result = await c.coordinator.client.request(EXPORT, { id: c.norway.id, ...period });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(
      /no IATI organisation identifier: set one with updateOrganization/,
    );
    expect(
      await admin.errorCode(UPDATE_ORG, { id: c.norway.id, input: { iatiIdentifier: 'not an id' } }),
    ).toBe('BAD_USER_INPUT');
    await admin.ok(UPDATE_ORG, { id: c.norway.id, input: { iatiIdentifier: 'NO-BRC-971277882' } });
    expect(
      await admin.errorCode(UPDATE_ORG, { id: c.unodc.id, input: { iatiIdentifier: 'NO-BRC-971277882' } }),
    ).toBe('CONFLICT');
  });

  it("publishes the provider's agreed assistance as valid IATI 2.03, and nothing confidential", async () => {
    const open = await agreed({
      title: 'Grid control centre security',
      estimatedBudget: { amount: '180000.00', currency: 'USD' },
    });
    const delivering = await agreed(
      { title: 'Port screening', sectors: ['MARITIME_TRANSPORT'] },
      {},
      'IN_DELIVERY',
    );
    const evaluated = await agreed(
      { title: 'Counter-terrorism law review', assistanceTypes: ['LEGISLATIVE_ASSISTANCE'] },
      {},
      'EVALUATED',
    );
    const restricted = await agreed({ title: 'Secret substation list', confidentiality: 'RESTRICTED' });
    const confidential = await agreed({ title: 'Undisclosed nuclear site', confidentiality: 'CONFIDENTIAL' });

    const xml = await exportOf(c.provider.client);
    expect(await iatiProblems(xml)).toEqual([]);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<!-- 3 activities of Norway [^>]* 2 left out: /,
    );
    for (const match of [open, delivering, evaluated]) {
      expect(xml).toContain(`<iati-identifier>NO-BRC-971277882-${match.reference}</iati-identifier>`);
      expect(xml).toContain(`<other-identifier ref="${match.reference}" type="A1">`);
    }
    expect(xml).not.toContain(restricted.reference);
    expect(xml).not.toContain(confidential.reference);
    expect(xml).not.toMatch(/Secret substation|Undisclosed nuclear/);
    expect(xml).toContain('<recipient-country code="KE" percentage="100"/>');
    // The checks beyond the schema do catch what the schema lets through.
    expect(await iatiProblems(xml.replace('percentage="100"', 'percentage="90"'))).toEqual([
      expect.stringMatching(/recipient percentages do not sum to 100$/),
    ]);
    expect(
      (await iatiProblems(xml.replace('<activity-status code="1"/>', '<activity-status code="9"/>'))).join(),
    ).toMatch(/activity-status not in codelist/);
    expect(xml).toContain('<sector vocabulary="1" code="15130"'); // legislative assistance
    expect(xml).toMatch(/<activity-status code="4"\/>/); // evaluated
    expect(xml).toMatch(/<activity-status code="2"\/>/); // in delivery
    expect(xml).toMatch(
      /<value currency="USD" value-date="\d{4}-\d{2}-\d{2}">180000.00<\/value>|<value currency="[A-Z]{3}"/,
    );

    // The requesting State consents: without its text, then with it.
    expect(await c.provider.client.errorCode(CONSENT, { id: restricted.id, c: 'WITH_TEXT' })).toBe(
      'FORBIDDEN',
    );
    await c.requester.client.ok(CONSENT, { id: restricted.id, c: 'WITHOUT_TEXT' });
    const summarised = await exportOf(c.coordinator.client);
    expect(await iatiProblems(summarised)).toEqual([]);
    expect(summarised).toContain(restricted.reference);
    expect(summarised).not.toContain('Secret substation');
    expect(summarised).toContain('Protection of critical infrastructure (energy)');
    await c.requester.client.ok(CONSENT, { id: restricted.id, c: 'WITH_TEXT' });
    expect(await exportOf(admin)).toContain('Secret substation list');
    // The requesting State's consent covers its own text, never the provider's restricted offer.
    const restrictedOffer = await agreed(
      { title: 'Metro station screening' },
      { title: 'Classified detection kit', confidentiality: 'RESTRICTED' },
    );
    await c.requester.client.ok(CONSENT, { id: restrictedOffer.id, c: 'WITH_TEXT' });
    const consented = await exportOf(c.coordinator.client);
    expect(await iatiProblems(consented)).toEqual([]);
    expect(consented).toContain(restrictedOffer.reference);
    expect(consented).toContain('Metro station screening');
    expect(consented).not.toContain('Classified detection kit');
    const audited = await withClient(
      async (db) =>
        (
          await db.query(
            `SELECT action, payload FROM audit_event WHERE entity_id = $1 AND action = 'PUBLICATION_CONSENT' ORDER BY sequence`,
            [restricted.id],
          )
        ).rows,
    );
    expect(audited.map((row: { payload: { to: string } }) => row.payload.to)).toEqual([
      'WITHOUT_TEXT',
      'WITH_TEXT',
    ]);
  });

  it('refuses an export with nothing to publish, since IATI has no empty document', async () => {
    await admin.ok(UPDATE_ORG, { id: c.unodc.id, input: { iatiIdentifier: 'XM-DAC-41114' } });
    const result = await admin.request(EXPORT, { id: c.unodc.id, ...period });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/has no agreed assistance to publish from/);
  });

  it('is exported by the provider, coordinators and ADMIN only', async () => {
    expect(await c.otherProvider.client.errorCode(EXPORT, { id: c.norway.id, ...period })).toBe('FORBIDDEN');
    expect(await c.requester.client.errorCode(EXPORT, { id: c.norway.id, ...period })).toBe('FORBIDDEN');
    expect(await c.observer.client.errorCode(EXPORT, { id: c.norway.id, ...period })).toBe('FORBIDDEN');
  });
});

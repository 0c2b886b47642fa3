import { DataSource, In } from 'typeorm';
import { Role } from '../src/common/enums.js';
import { readLayer } from '../src/database/kysely.js';
import { MatchRepository } from '../src/matching/match.repository.js';
import { OfferRepository } from '../src/offers/offer.repository.js';
import { OrganizationRepository } from '../src/organizations/organization.repository.js';
import { USER_FIELDS } from '../src/organizations/organization.loaders.js';
import { User } from '../src/organizations/user.entity.js';
import { RequestRepository } from '../src/requests/request.repository.js';
import { Match } from '../src/matching/match.entity.js';
import { scorePair } from '../src/matching/scoring/scoring.js';
import { AssistanceOffer } from '../src/offers/assistance-offer.entity.js';
import { Organization } from '../src/organizations/organization.entity.js';
import { AssistanceRequest } from '../src/requests/assistance-request.entity.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient, loginAs } from './support/client.js';
import {
  cast,
  type Cast,
  CREATE_OFFER,
  CREATE_REQUEST,
  GET_OFFER,
  GET_REQUEST,
  offerInput,
  requestInput,
  TRANSITION_OFFER,
  TRANSITION_REQUEST,
} from './support/fixtures.js';

const MATCH_FIELDS = `id reference status version score requesterDecision providerDecision mandateParagraph allowedActions
  scoreBreakdown { criterion weight value explanation } request { id status } offer { id remainingCapacity status }
  agreedAt deliveryStartedAt deliveredAt evaluation { rating outcomeSummary goodPractice evaluatedBy { id } }`;
const PROPOSE = `mutation($input: ProposeMatchInput!) { proposeMatch(input: $input) { ${MATCH_FIELDS} } }`;
const RESPOND = `mutation($id: ID!, $d: Decision!, $c: String) { respondToMatch(id: $id, decision: $d, comment: $c) { ${MATCH_FIELDS} } }`;
const TRANSITION = `mutation($id: ID!, $a: MatchAction!) { transitionMatch(id: $id, action: $a) { ${MATCH_FIELDS} } }`;
const EVALUATE = `mutation($id: ID!, $input: EvaluationInput!) { evaluateMatch(id: $id, input: $input) { ${MATCH_FIELDS} } }`;
const GET_MATCH = `query($id: ID!) { match(id: $id) { ${MATCH_FIELDS} history { from to action } comments { body } } }`;

interface MatchView {
  id: string;
  status: string;
  score: number;
  requesterDecision: string;
  providerDecision: string;
  allowedActions: string[];
  offer: { remainingCapacity: number; status: string };
  request: { status: string };
  scoreBreakdown: { weight: number; value: number; explanation: string }[];
  [key: string]: unknown;
}

describe('matches (e2e)', () => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
  });
  afterAll(() => t.close());

  async function openRequest(
    client: GqlClient = c.requester.client,
    overrides: Record<string, unknown> = {},
  ) {
    const { createRequest } = await client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
      input: requestInput({ confidentiality: 'PUBLIC', ...overrides }),
    });
    await client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'START_REVIEW' });
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'APPROVE' });
    return createRequest.id;
  }

  async function publishedOffer(
    overrides: Record<string, unknown> = {},
    client: GqlClient = c.provider.client,
  ) {
    const { createOffer } = await client.ok<{ createOffer: { id: string } }>(CREATE_OFFER, {
      input: offerInput(overrides),
    });
    await client.ok(TRANSITION_OFFER, { id: createOffer.id, action: 'PUBLISH' });
    return createOffer.id;
  }

  const propose = async (client: GqlClient, requestId: string, offerId: string) =>
    (await client.ok<{ proposeMatch: MatchView }>(PROPOSE, { input: { requestId, offerId } })).proposeMatch;

  it('runs the whole lifecycle with derived moves, history and notifications', async () => {
    const requestId = await openRequest();
    const offerId = await publishedOffer({ capacity: 1 });
    const proposed = await propose(c.provider.client, requestId, offerId);
    // References count nothing: random Crockford base32 after the year.
    expect(proposed.reference).toMatch(/^MAT-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
    const { offer: created } = await c.provider.client.ok<{ offer: { reference: string } }>(GET_OFFER, {
      id: offerId,
    });
    expect(created.reference).toMatch(/^OFF-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(proposed).toMatchObject({
      status: 'PROPOSED',
      providerDecision: 'ACCEPTED',
      requesterDecision: 'PENDING',
      mandateParagraph: 'PARAGRAPH_9',
    });
    expect(proposed.scoreBreakdown.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 9);
    expect(proposed.score).toBeCloseTo(
      proposed.scoreBreakdown.reduce((sum, c) => sum + c.weight * c.value, 0),
      5,
    );

    const agreed = (
      await c.requester.client.ok<{ respondToMatch: MatchView }>(RESPOND, {
        id: proposed.id,
        d: 'ACCEPT',
        c: 'Welcome',
      })
    ).respondToMatch;
    expect(agreed).toMatchObject({
      status: 'AGREED',
      request: { status: 'MATCHED' },
      offer: { remainingCapacity: 0, status: 'EXHAUSTED' },
    });
    expect(agreed.agreedAt).toBeTruthy();

    const started = (
      await c.provider.client.ok<{ transitionMatch: MatchView }>(TRANSITION, {
        id: proposed.id,
        a: 'START_DELIVERY',
      })
    ).transitionMatch;
    expect(started).toMatchObject({ status: 'IN_DELIVERY', request: { status: 'IN_DELIVERY' } });
    const delivered = (
      await c.provider.client.ok<{ transitionMatch: MatchView }>(TRANSITION, {
        id: proposed.id,
        a: 'MARK_DELIVERED',
      })
    ).transitionMatch;
    expect(delivered).toMatchObject({ status: 'DELIVERED', request: { status: 'COMPLETED' } });

    const evaluated = (
      await c.requester.client.ok<{ evaluateMatch: MatchView }>(EVALUATE, {
        id: proposed.id,
        input: {
          rating: 5,
          outcomeSummary: 'Operators trained; incident playbooks adopted.',
          goodPractice: 'Joint drills with the regulator.',
        },
      })
    ).evaluateMatch;
    expect(evaluated.evaluation).toMatchObject({
      rating: 5,
      goodPractice: 'Joint drills with the regulator.',
      evaluatedBy: { id: c.requester.userId },
    });

    const { match } = await c.coordinator.client.ok<{
      match: { history: { from: string | null; to: string; action: string }[] };
    }>(GET_MATCH, { id: proposed.id });
    expect(match.history.map((h) => `${h.from}>${h.to}:${h.action}`)).toEqual([
      'null>PROPOSED:PROPOSE',
      'PROPOSED>AGREED:ACCEPT',
      'AGREED>IN_DELIVERY:START_DELIVERY',
      'IN_DELIVERY>DELIVERED:MARK_DELIVERED',
    ]);
    const { request } = await c.requester.client.ok<{
      request: { history: { to: string; action: string; actor: unknown }[] };
    }>(GET_REQUEST, { id: requestId });
    expect(request.history.slice(-3).map((h) => `${h.to}:${h.action}`)).toEqual([
      'MATCHED:MATCH_AGREED',
      'IN_DELIVERY:DELIVERY_STARTED',
      'COMPLETED:MATCH_DELIVERED',
    ]);
    const { offer } = await c.provider.client.ok<{ offer: { history: { to: string; action: string }[] } }>(
      GET_OFFER,
      { id: offerId },
    );
    expect(offer.history.at(-1)).toMatchObject({ to: 'EXHAUSTED', action: 'CAPACITY_EXHAUSTED' });

    const notes = await c.requester2.client.ok<{ myNotifications: { kind: string; subjectId: string }[] }>(
      '{ myNotifications { kind subjectId } }',
    );
    expect(
      notes.myNotifications
        .filter((n) => n.subjectId === proposed.id)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['MATCH_AGREED', 'MATCH_DELIVERED', 'MATCH_IN_DELIVERY', 'MATCH_PROPOSED'].sort());
  });

  it('frees capacity and reopens the request when an agreement is cancelled', async () => {
    const requestId = await openRequest();
    const offerId = await publishedOffer({ capacity: 1 });
    const proposed = await propose(c.requester.client, requestId, offerId);
    expect(proposed).toMatchObject({ requesterDecision: 'ACCEPTED', providerDecision: 'PENDING' });
    await c.provider.client.ok(RESPOND, { id: proposed.id, d: 'ACCEPT' });
    const cancelled = (
      await c.requester.client.ok<{ transitionMatch: MatchView }>(TRANSITION, {
        id: proposed.id,
        a: 'CANCEL',
      })
    ).transitionMatch;
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      offer: { remainingCapacity: 1, status: 'PUBLISHED' },
      request: { status: 'OPEN' },
    });
    // The pair is free for a new proposal.
    expect((await propose(c.coordinator.client, requestId, offerId)).status).toBe('PROPOSED');
  });

  it('lets 3 of 50 concurrent acceptances on an offer of capacity 3 agree; the rest are CAPACITY_EXHAUSTED', async () => {
    const offerId = await publishedOffer({ capacity: 3 });
    const requestIds = [];
    for (let i = 0; i < 50; i += 1)
      requestIds.push(await openRequest(i % 2 ? c.requester.client : c.requester2.client));
    const proposals = [];
    for (const requestId of requestIds) proposals.push(await propose(c.provider.client, requestId, offerId));
    const results = await Promise.all(
      proposals.map((p, i) =>
        (i % 2 ? c.requester.client : c.requester2.client).request(RESPOND, { id: p.id, d: 'ACCEPT' }),
      ),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(3);
    expect(codes.filter((code) => code === 'CAPACITY_EXHAUSTED')).toHaveLength(47);
    const { offer } = await c.provider.client.ok<{ offer: { remainingCapacity: number; status: string } }>(
      GET_OFFER,
      { id: offerId },
    );
    expect(offer).toMatchObject({ remainingCapacity: 0, status: 'EXHAUSTED' });
    const agreed = await c.coordinator.client.ok<{ matches: { totalCount: number } }>(
      `query($o: ID) { matches(filter: { offerId: $o, status: [AGREED] }) { totalCount } }`,
      { o: offerId },
    );
    expect(agreed.matches.totalCount).toBe(3);
  });

  it('refuses strangers, wrong roles and wrong states', async () => {
    const requestId = await openRequest();
    const offerId = await publishedOffer({ capacity: 2 });
    // Another State's requester cannot propose for Kenya's request, nor another provider for Norway's offer.
    expect(await c.otherRequester.client.errorCode(PROPOSE, { input: { requestId, offerId } })).toBe(
      'FORBIDDEN',
    );
    expect(await c.otherProvider.client.errorCode(PROPOSE, { input: { requestId, offerId } })).toBe(
      'FORBIDDEN',
    );
    expect(await c.observer.client.errorCode(PROPOSE, { input: { requestId, offerId } })).toBe('FORBIDDEN');
    const match = await propose(c.coordinator.client, requestId, offerId);
    expect(match).toMatchObject({ requesterDecision: 'PENDING', providerDecision: 'PENDING' });
    // One live match per pair.
    expect(await c.coordinator.client.errorCode(PROPOSE, { input: { requestId, offerId } })).toBe('CONFLICT');
    // Strangers do not see the match at all; coordinators do not respond for the parties.
    for (const stranger of [c.otherRequester, c.otherProvider, c.observer]) {
      expect(await stranger.client.errorCode(GET_MATCH, { id: match.id })).toBe('NOT_FOUND');
      expect(await stranger.client.errorCode(RESPOND, { id: match.id, d: 'ACCEPT' })).toBe('NOT_FOUND');
    }
    expect(await c.coordinator.client.errorCode(RESPOND, { id: match.id, d: 'ACCEPT' })).toBe('FORBIDDEN');
    expect(await c.provider.client.errorCode(TRANSITION, { id: match.id, a: 'START_DELIVERY' })).toBe(
      'INVALID_TRANSITION',
    );
    expect(await c.requester.client.errorCode(TRANSITION, { id: match.id, a: 'START_DELIVERY' })).toBe(
      'FORBIDDEN',
    );
    expect(
      await c.requester.client.errorCode(EVALUATE, {
        id: match.id,
        input: { rating: 4, outcomeSummary: 'x' },
      }),
    ).toBe('INVALID_TRANSITION');
    await c.provider.client.ok(RESPOND, { id: match.id, d: 'ACCEPT' });
    expect(await c.provider.client.errorCode(RESPOND, { id: match.id, d: 'DECLINE' })).toBe(
      'INVALID_TRANSITION',
    );
    const declined = (
      await c.requester.client.ok<{ respondToMatch: MatchView }>(RESPOND, { id: match.id, d: 'DECLINE' })
    ).respondToMatch;
    expect(declined).toMatchObject({ status: 'DECLINED', offer: { remainingCapacity: 2 } });
    expect(await c.requester.client.errorCode(TRANSITION, { id: match.id, a: 'CANCEL' })).toBe(
      'INVALID_TRANSITION',
    );
    // A closed request takes no matches; an offer that does not fit is refused naming the field.
    const other = await publishedOffer({ sectors: ['TOURISM'] });
    const misfit = await c.coordinator.client.request(PROPOSE, { input: { requestId, offerId: other } });
    expect(misfit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.offerId' });
    expect(
      await c.requester.client.errorCode(EVALUATE, {
        id: match.id,
        input: { rating: 9, outcomeSummary: 'x' },
      }),
    ).toBe('BAD_USER_INPUT');
  });

  it('suggests only offers that pass the hard filters, best first, with reasons', async () => {
    const requestId = await openRequest(c.requester.client, {
      sectors: ['MARITIME_TRANSPORT'],
      assistanceTypes: ['TRAINING'],
      languages: ['fr'],
      desiredStart: '2027-03-01',
      desiredEnd: '2027-06-30',
    });
    const good = await publishedOffer({
      sectors: ['MARITIME_TRANSPORT'],
      assistanceTypes: ['TRAINING'],
      languages: ['fr'],
    });
    const weaker = await publishedOffer({
      sectors: ['MARITIME_TRANSPORT', 'TOURISM'],
      assistanceTypes: ['PROGRAMME'],
      languages: ['es'],
    });
    const wrongRegion = await publishedOffer({
      sectors: ['MARITIME_TRANSPORT'],
      eligibleRegions: ['Europe'],
    });
    const tooEarly = await publishedOffer({
      sectors: ['MARITIME_TRANSPORT'],
      availableFrom: '2026-01-01',
      availableUntil: '2026-12-31',
    });
    const { createOffer: draft } = await c.provider.client.ok<{ createOffer: { id: string } }>(CREATE_OFFER, {
      input: offerInput({ sectors: ['MARITIME_TRANSPORT'] }),
    });
    const result = await c.coordinator.client.ok<{
      suggestOffers: { offer: { id: string }; score: number; breakdown: { explanation: string }[] }[];
    }>(
      `query($id: ID!) { suggestOffers(requestId: $id, limit: 10) { score offer { id } breakdown { criterion value explanation } } }`,
      { id: requestId },
    );
    const ids = result.suggestOffers.map((s) => s.offer.id);
    expect(ids).toEqual([good, weaker]);
    expect(ids).not.toContain(wrongRegion);
    expect(ids).not.toContain(tooEarly);
    expect(ids).not.toContain(draft.id);
    expect(result.suggestOffers[0]!.score).toBeGreaterThan(result.suggestOffers[1]!.score);
    expect(result.suggestOffers[0]!.breakdown.every((b) => b.explanation.length > 0)).toBe(true);
    const reverse = await c.coordinator.client.ok<{ suggestRequests: { request: { id: string } }[] }>(
      `query($id: ID!) { suggestRequests(offerId: $id) { score request { id } } }`,
      { id: good },
    );
    expect(reverse.suggestRequests.map((s) => s.request.id)).toContain(requestId);
    expect(
      await c.coordinator.client.errorCode(
        `query($id: ID!) { suggestOffers(requestId: $id, limit: 101) { score } }`,
        { id: requestId },
      ),
    ).toBe('BAD_USER_INPUT');
    // A live match on the pair takes it out of both directions' suggestions.
    await propose(c.coordinator.client, requestId, good);
    const after = await c.coordinator.client.ok<{ suggestOffers: { offer: { id: string } }[] }>(
      `query($id: ID!) { suggestOffers(requestId: $id) { offer { id } } }`,
      { id: requestId },
    );
    expect(after.suggestOffers.map((s) => s.offer.id)).toEqual([weaker]);
    const reverseAfter = await c.coordinator.client.ok<{ suggestRequests: { request: { id: string } }[] }>(
      `query($id: ID!) { suggestRequests(offerId: $id) { request { id } } }`,
      { id: good },
    );
    expect(reverseAfter.suggestRequests.map((s) => s.request.id)).not.toContain(requestId);
  });

  it('ranks suggestions exactly as scoring every candidate would, across fetch batches', async () => {
    const sector = 'LAND_TRANSPORT';
    const ask = {
      sectors: [sector, 'TOURISM'],
      assistanceTypes: ['TRAINING', 'PROGRAMME'],
      languages: ['fr'],
      deliveryModes: ['IN_PERSON'],
      desiredStart: '2027-03-01',
      desiredEnd: '2027-04-29',
      estimatedBudget: { amount: '100000', currency: 'EUR' },
    };
    const requestId = await openRequest(c.requester.client, ask);
    const offers: { id: string; input: Record<string, unknown> }[] = [];
    for (let i = 0; i < 70; i += 1) {
      const input = {
        sectors: i % 3 ? [sector] : [sector, 'TOURISM'],
        assistanceTypes: [['TRAINING'], ['PROGRAMME'], ['TRAINING', 'PROGRAMME'], ['AWARENESS_RAISING']][
          i % 4
        ],
        languages: [['fr'], ['en'], []][i % 3],
        deliveryModes: [['IN_PERSON'], ['HYBRID'], ['REMOTE']][i % 3],
        availableFrom: `2027-0${1 + (i % 4)}-0${1 + (i % 9)}`,
        availableUntil: '2027-12-31',
        budget: { amount: String(20000 * (i % 7)), currency: i % 5 ? 'EUR' : 'USD' },
        capacity: 1 + (i % 3),
      };
      offers.push({ id: await publishedOffer(input), input });
    }
    const { suggestOffers } = await c.coordinator.client.ok<{
      suggestOffers: { score: number; offer: { id: string; reference: string } }[];
    }>(`query($id: ID!) { suggestOffers(requestId: $id, limit: 7) { score offer { id reference } } }`, {
      id: requestId,
    });
    const references = new Map<string, string>();
    const { offers: listed } = await c.coordinator.client.ok<{
      offers: { nodes: { id: string; reference: string }[] };
    }>(
      `query($org: ID) { offers(filter: { providerOrganizationId: $org, sectors: [LAND_TRANSPORT] }, first: 100) { nodes { id reference } } }`,
      { org: c.norway.id },
    );
    for (const node of listed.nodes) references.set(node.id, node.reference);
    const expected = offers
      .map(({ id, input }) => {
        const request = {
          ...ask,
          protectionStreams: [],
          phases: [],
          mandateParagraphs: [],
          budgetAmount: '100000',
          budgetCurrency: 'EUR',
        };
        const offer = {
          ...(input as {
            sectors: string[];
            assistanceTypes: string[];
            languages: string[];
            deliveryModes: string[];
            availableFrom: string;
            availableUntil: string;
          }),
          protectionStreams: [],
          phases: [],
          mandateParagraph: 'PARAGRAPH_9',
          budgetAmount: (input.budget as { amount: string }).amount,
          budgetCurrency: (input.budget as { currency: string }).currency,
        };
        return { id, reference: references.get(id) ?? '', score: scorePair(request, offer).score };
      })
      // Equal scores rank by id, which says nothing about when or by whom an offer was made.
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, 7);
    expect(suggestOffers.map((s) => [s.offer.id, s.score])).toEqual(expected.map((e) => [e.id, e.score]));
  });

  it('runs an optimal matching round: a dry run changes nothing, a real one proposes every chosen pair', async () => {
    const sector = 'FOOD_DISTRIBUTION';
    const a = await openRequest(c.requester.client, { sectors: [sector], assistanceTypes: ['TRAINING'] });
    const b = await openRequest(c.requester.client, { sectors: [sector], assistanceTypes: ['PROGRAMME'] });
    const x = await publishedOffer({
      sectors: [sector],
      assistanceTypes: ['TRAINING', 'PROGRAMME'],
      capacity: 1,
    });
    const y = await publishedOffer({ sectors: [sector], assistanceTypes: ['TRAINING'], capacity: 1 });
    const ROUND = `mutation($input: MatchingRoundInput!) { runMatchingRound(input: $input) {
      dryRun consideredRequests consideredOffers totalScore pairs { request { id } offer { id } score } proposals { id status } } }`;
    const dry = await c.coordinator.client.ok<{
      runMatchingRound: {
        pairs: { request: { id: string }; offer: { id: string }; score: number }[];
        proposals: unknown[];
        totalScore: number;
        consideredRequests: number;
      };
    }>(ROUND, { input: { sectors: [sector], minScore: 0.3, dryRun: true } });
    const pairs = dry.runMatchingRound.pairs.map((p) => `${p.request.id}>${p.offer.id}`).sort();
    // a fits y as well as x, b fits only x: the optimum gives x to b and y to a.
    expect(pairs).toEqual([`${a}>${y}`, `${b}>${x}`].sort());
    expect(dry.runMatchingRound.proposals).toEqual([]);
    expect(dry.runMatchingRound.totalScore).toBeCloseTo(
      dry.runMatchingRound.pairs.reduce((s, p) => s + p.score, 0),
      6,
    );
    const before = await c.coordinator.client.ok<{ matches: { totalCount: number } }>(
      `query($r: ID) { matches(filter: { requestId: $r }) { totalCount } }`,
      { r: a },
    );
    expect(before.matches.totalCount).toBe(0);
    const real = await c.coordinator.client.ok<{
      runMatchingRound: {
        proposals: {
          status: string;
          reference: string;
          history: { action: string; actor: { id: string } }[];
        }[];
      };
    }>(
      ROUND.replace(
        'proposals { id status }',
        'proposals { id status reference history { action actor { id } } }',
      ),
      { input: { sectors: [sector], minScore: 0.3 } },
    );
    const proposals = real.runMatchingRound.proposals;
    expect(proposals.map((p) => p.status)).toEqual(['PROPOSED', 'PROPOSED']);
    // Each proposal has its own reference and its PROPOSE entry by the coordinator, and the audit chain holds.
    expect(new Set(proposals.map((p) => p.reference)).size).toBe(2);
    for (const proposal of proposals) {
      expect(proposal.history).toEqual([{ action: 'PROPOSE', actor: { id: c.coordinator.userId } }]);
    }
    const { verifyAuditLog } = await (
      await adminClient(t.url)
    ).ok<{ verifyAuditLog: { valid: boolean } }>('{ verifyAuditLog { valid } }');
    expect(verifyAuditLog.valid).toBe(true);
    // Proposed pairs are live: a next round never proposes them again.
    const again = await c.coordinator.client.ok<{
      runMatchingRound: { pairs: { request: { id: string }; offer: { id: string } }[] };
    }>(ROUND, {
      input: { sectors: [sector], minScore: 0.3, dryRun: true },
    });
    const next = again.runMatchingRound.pairs.map((p) => `${p.request.id}>${p.offer.id}`);
    expect(next.filter((pair) => pairs.includes(pair))).toEqual([]);
    expect(await c.provider.client.errorCode(ROUND, { input: { dryRun: true } })).toBe('FORBIDDEN');
  });

  it('restricts a matching round to the requests of the sectors and the region asked for', async () => {
    const sector = 'VULNERABLE_TARGETS';
    const african = await openRequest(c.requester.client, { sectors: [sector] });
    const american = await openRequest(c.otherRequester.client, { sectors: [sector] });
    const offer = await publishedOffer({ sectors: [sector], capacity: 2 });
    const round = async (input: Record<string, unknown>) =>
      (
        await c.coordinator.client.ok<{
          runMatchingRound: {
            consideredRequests: number;
            pairs: { request: { id: string }; offer: { id: string } }[];
          };
        }>(
          `mutation($input: MatchingRoundInput!) { runMatchingRound(input: $input) {
            consideredRequests pairs { request { id } offer { id } } } }`,
          { input: { sectors: [sector], minScore: 0, dryRun: true, ...input } },
        )
      ).runMatchingRound;
    const everywhere = await round({});
    expect(everywhere.pairs.map((p) => p.request.id).sort()).toEqual([african, american].sort());
    const africa = await round({ region: 'Africa' });
    expect(africa).toMatchObject({
      consideredRequests: 1,
      pairs: [{ request: { id: african }, offer: { id: offer } }],
    });
    const americas = await round({ region: 'Americas' });
    expect(americas).toMatchObject({
      consideredRequests: 1,
      pairs: [{ request: { id: american }, offer: { id: offer } }],
    });
    expect((await round({ region: 'Oceania' })).consideredRequests).toBe(0);
  });

  it('cancels the live matches of a withdrawn request and gives their capacity back', async () => {
    const requestId = await openRequest();
    const offerId = await publishedOffer({ capacity: 1 });
    const other = await publishedOffer({ capacity: 1 });
    const agreed = await propose(c.provider.client, requestId, offerId);
    await c.requester.client.ok(RESPOND, { id: agreed.id, d: 'ACCEPT' });
    const pending = await propose(c.provider.client, requestId, other);
    await c.requester.client.ok(TRANSITION_REQUEST, { id: requestId, action: 'WITHDRAW' });
    const after = await c.provider.client.ok<{ match: MatchView }>(GET_MATCH, { id: agreed.id });
    expect(after.match).toMatchObject({
      status: 'CANCELLED',
      offer: { remainingCapacity: 1, status: 'PUBLISHED' },
    });
    expect(await c.requester.client.errorCode(RESPOND, { id: pending.id, d: 'ACCEPT' })).toBe(
      'INVALID_TRANSITION',
    );
  });

  describe('leaving the marketplace', () => {
    const NOTES = '{ myNotifications { kind subjectId } }';
    const AUDIT = `query($id: ID!) { auditTrail(entityId: $id) { action payload } }`;
    const cancelNotes = async (client: GqlClient, ids: string[]) =>
      (await client.ok<{ myNotifications: { kind: string; subjectId: string }[] }>(NOTES)).myNotifications
        .filter((n) => ids.includes(n.subjectId) && n.kind === 'MATCH_CANCELLED')
        .map((n) => n.subjectId)
        .sort();

    for (const [action, by] of [
      ['WITHDRAW', 'provider'],
      ['CLOSE', 'coordinator'],
    ] as const) {
      it(`cancels its proposals and agreements when it is ${action === 'WITHDRAW' ? 'withdrawn' : 'closed'}, like a request`, async () => {
        const agreedRequest = await openRequest();
        const pendingRequest = await openRequest();
        const offerId = await publishedOffer({ capacity: 2 });
        const agreed = await propose(c.provider.client, agreedRequest, offerId);
        await c.requester.client.ok(RESPOND, { id: agreed.id, d: 'ACCEPT' });
        const pending = await propose(c.provider.client, pendingRequest, offerId);
        const actor = by === 'provider' ? c.provider : c.coordinator;
        await actor.client.ok(TRANSITION_OFFER, { id: offerId, action });
        const status = action === 'WITHDRAW' ? 'WITHDRAWN' : 'CLOSED';

        for (const id of [agreed.id, pending.id]) {
          const { match } = await c.coordinator.client.ok<{
            match: MatchView & { history: { from: string; to: string; action: string }[] };
          }>(GET_MATCH, { id });
          expect(match.status).toBe('CANCELLED');
          expect(match.history.at(-1)).toMatchObject({ to: 'CANCELLED', action: `OFFER_${status}` });
          expect(match.allowedActions).toEqual([]);
          const { auditTrail } = await c.coordinator.client.ok<{ auditTrail: { action: string }[] }>(AUDIT, {
            id,
          });
          expect(auditTrail.at(-1)?.action).toBe(`OFFER_${status}`);
        }
        // The agreement's capacity is given back and its request is open again.
        const { offer } = await c.provider.client.ok<{
          offer: { status: string; remainingCapacity: number };
        }>(GET_OFFER, { id: offerId });
        expect(offer).toMatchObject({ status, remainingCapacity: 2 });
        const { request } = await c.requester.client.ok<{
          request: { status: string; history: { to: string; action: string }[] };
        }>(GET_REQUEST, { id: agreedRequest });
        expect(request.status).toBe('OPEN');
        expect(request.history.at(-1)).toMatchObject({ to: 'OPEN', action: 'MATCH_CANCELLED' });
        // A cancelled agreement can no longer start delivery, a cancelled proposal no longer be accepted.
        expect(await c.provider.client.errorCode(TRANSITION, { id: agreed.id, a: 'START_DELIVERY' })).toBe(
          'INVALID_TRANSITION',
        );
        expect(await c.requester.client.errorCode(RESPOND, { id: pending.id, d: 'ACCEPT' })).toBe(
          'INVALID_TRANSITION',
        );
        // Both parties hear of it (the requesting State, and the provider when it did not act itself).
        expect(await cancelNotes(c.requester2.client, [agreed.id, pending.id])).toEqual(
          [agreed.id, pending.id].sort(),
        );
        if (by === 'coordinator') {
          expect(await cancelNotes(c.provider.client, [agreed.id, pending.id])).toEqual(
            [agreed.id, pending.id].sort(),
          );
        }
      });
    }

    it('tells the providers of a withdrawn request that their proposals and agreements are cancelled', async () => {
      const requestId = await openRequest();
      const offerId = await publishedOffer({ capacity: 1 });
      const agreed = await propose(c.requester.client, requestId, offerId);
      await c.provider.client.ok(RESPOND, { id: agreed.id, d: 'ACCEPT' });
      await c.requester.client.ok(TRANSITION_REQUEST, { id: requestId, action: 'WITHDRAW' });
      expect(await cancelNotes(c.provider.client, [agreed.id])).toEqual([agreed.id]);
      const { match } = await c.provider.client.ok<{ match: { history: { action: string }[] } }>(GET_MATCH, {
        id: agreed.id,
      });
      expect(match.history.at(-1)?.action).toBe('REQUEST_WITHDRAWN');
    });

    it('cannot be withdrawn or closed while one of its matches is in delivery, and nothing changes', async () => {
      const delivering = await openRequest();
      const waiting = await openRequest();
      const offerId = await publishedOffer({ capacity: 3 });
      const inDelivery = await propose(c.provider.client, delivering, offerId);
      await c.requester.client.ok(RESPOND, { id: inDelivery.id, d: 'ACCEPT' });
      await c.provider.client.ok(TRANSITION, { id: inDelivery.id, a: 'START_DELIVERY' });
      const agreed = await propose(c.provider.client, waiting, offerId);
      await c.requester.client.ok(RESPOND, { id: agreed.id, d: 'ACCEPT' });
      for (const [client, action] of [
        [c.provider.client, 'WITHDRAW'],
        [c.coordinator.client, 'CLOSE'],
      ] as const) {
        const refused = await client.request(TRANSITION_OFFER, { id: offerId, action });
        expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
        expect(refused.errors?.[0]?.message).toMatch(/in delivery/i);
      }
      const { offer } = await c.provider.client.ok<{ offer: { status: string; remainingCapacity: number } }>(
        GET_OFFER,
        { id: offerId },
      );
      expect(offer).toMatchObject({ status: 'PUBLISHED', remainingCapacity: 1 });
      const { match } = await c.provider.client.ok<{ match: MatchView }>(GET_MATCH, { id: agreed.id });
      expect(match.status).toBe('AGREED');
    });
  });

  it('refuses a match between a request and an offer of the same organization, and never suggests one', async () => {
    const sector = 'BANKING_AND_FINANCE';
    const norwayRequester = await loginAs(c.admin.client, ['REQUESTER'], c.norway);
    const bothRoles = await loginAs(c.admin.client, ['REQUESTER', 'PROVIDER'], c.norway);
    const requestId = await openRequest(norwayRequester.client, {
      sectors: [sector],
      assistanceTypes: ['TRAINING'],
    });
    // Norway's own offer fits Norway's need better than UNODC's does.
    const own = await publishedOffer({ sectors: [sector], assistanceTypes: ['TRAINING'] });
    const other = await publishedOffer(
      { sectors: [sector], assistanceTypes: ['PROGRAMME'] },
      c.otherProvider.client,
    );
    for (const client of [
      bothRoles.client,
      c.provider.client,
      norwayRequester.client,
      c.coordinator.client,
    ]) {
      const refused = await client.request(PROPOSE, { input: { requestId, offerId: own } });
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.offerId',
      });
    }
    const { suggestOffers } = await c.coordinator.client.ok<{ suggestOffers: { offer: { id: string } }[] }>(
      `query($id: ID!) { suggestOffers(requestId: $id) { offer { id } } }`,
      { id: requestId },
    );
    expect(suggestOffers.map((s) => s.offer.id)).toEqual([other]);
    const { suggestRequests } = await c.coordinator.client.ok<{
      suggestRequests: { request: { id: string } }[];
    }>(`query($id: ID!) { suggestRequests(offerId: $id) { request { id } } }`, { id: own });
    expect(suggestRequests.map((s) => s.request.id)).not.toContain(requestId);
    const { runMatchingRound } = await c.coordinator.client.ok<{
      runMatchingRound: { pairs: { request: { id: string }; offer: { id: string } }[] };
    }>(
      `mutation($input: MatchingRoundInput!) { runMatchingRound(input: $input) { pairs { request { id } offer { id } } } }`,
      { input: { sectors: [sector], minScore: 0, dryRun: true } },
    );
    expect(runMatchingRound.pairs.map((p) => [p.request.id, p.offer.id])).toEqual([[requestId, other]]);
  });

  it('answers suggestions only to the parties of the item and to coordinators', async () => {
    const requestId = await openRequest(c.requester.client, { confidentiality: 'RESTRICTED' });
    const offerId = await publishedOffer({ confidentiality: 'PUBLIC' });
    const SUGGEST_OFFERS = `query($id: ID!) { suggestOffers(requestId: $id) { offer { id } } }`;
    const SUGGEST_REQUESTS = `query($id: ID!) { suggestRequests(offerId: $id) { request { id } } }`;
    for (const allowed of [c.requester, c.requester2, c.coordinator]) {
      expect((await allowed.client.request(SUGGEST_OFFERS, { id: requestId })).errors).toBeUndefined();
    }
    for (const allowed of [c.provider, c.coordinator]) {
      expect((await allowed.client.request(SUGGEST_REQUESTS, { id: offerId })).errors).toBeUndefined();
    }
    // Everyone else, even those who may read the item itself, hears NOT_FOUND.
    for (const other of [c.provider, c.otherProvider, c.otherRequester, c.observer, c.admin]) {
      expect(await other.client.errorCode(SUGGEST_OFFERS, { id: requestId })).toBe('NOT_FOUND');
    }
    for (const other of [c.otherProvider, c.requester, c.otherRequester, c.observer, c.admin]) {
      expect(await other.client.errorCode(SUGGEST_REQUESTS, { id: offerId })).toBe('NOT_FOUND');
    }
  });

  it('answers CONFLICT, never an internal error, when two proposals race on one pair', async () => {
    const requestId = await openRequest();
    const offerId = await publishedOffer();
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () =>
        c.coordinator.client.request(PROPOSE, { input: { requestId, offerId } }),
      ),
    );
    const codes = attempts.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code !== 'OK').filter((code) => code !== 'CONFLICT')).toEqual([]);
  });

  it('lets parties to a match see a CONFIDENTIAL request', async () => {
    const requestId = await openRequest(c.requester.client, {
      confidentiality: 'CONFIDENTIAL',
      sectors: ['PUBLIC_HEALTH'],
    });
    const offerId = await publishedOffer({ sectors: ['PUBLIC_HEALTH'] }, c.otherProvider.client);
    expect(await c.otherProvider.client.errorCode(GET_REQUEST, { id: requestId })).toBe('NOT_FOUND');
    await propose(c.coordinator.client, requestId, offerId);
    expect(
      (await c.otherProvider.client.ok<{ request: { id: string } }>(GET_REQUEST, { id: requestId })).request
        .id,
    ).toBe(requestId);
    expect(await c.provider.client.errorCode(GET_REQUEST, { id: requestId })).toBe('NOT_FOUND');
  });

  it('notifies only users who may see the subject: no observer placed in a State hears of its confidential items', async () => {
    const observerInKenya = await loginAs(c.admin.client, ['CTC_OBSERVER'], c.kenya);
    const confidential = await openRequest(c.requester.client, { confidentiality: 'CONFIDENTIAL' });
    const open = await openRequest(c.requester.client, { confidentiality: 'PUBLIC' });
    const match = await propose(c.coordinator.client, confidential, await publishedOffer());
    const COMMENT = `mutation($id: ID!) { addComment(subjectId: $id, body: "Site visit planned") { id } }`;
    for (const subjectId of [confidential, match.id, open])
      await c.coordinator.client.ok(COMMENT, { id: subjectId });
    const NOTES = `{ myNotifications(first: 100) { kind subjectId } }`;
    type Notes = { myNotifications: { kind: string; subjectId: string }[] };
    const comments = async (client: GqlClient) =>
      (await client.ok<Notes>(NOTES)).myNotifications
        .filter((n) => n.kind === 'COMMENT_ADDED' && [confidential, match.id, open].includes(n.subjectId))
        .map((n) => n.subjectId)
        .sort();
    expect(await comments(c.requester.client)).toEqual([confidential, match.id, open].sort());
    expect(await comments(observerInKenya.client)).toEqual([open]);
  });

  it("reads entities in the read layer's repositories exactly as the ORM reads them", async () => {
    const dataSource = t.app.get(DataSource);
    const coordinator = { id: 'coordinator', roles: [Role.COORDINATOR], organizationId: null };
    const byId = (rows: readonly { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    const args = { size: 100, position: null };
    // Pages: each node as the ORM reads it, the organizations read with them as well.
    for (const [repository, entity, owner] of [
      [new RequestRepository(readLayer(dataSource)), AssistanceRequest, 'requestingOrganizationId'],
      [new OfferRepository(readLayer(dataSource)), AssistanceOffer, 'providerOrganizationId'],
    ] as const) {
      const page = await repository.page(coordinator, null, args);
      expect([entity.name, page.nodes.length > 0]).toEqual([entity.name, true]);
      expect(page.nodes.every((node) => node instanceof entity)).toBe(true);
      const ids = page.nodes.map((node) => node.id);
      expect(byId(page.nodes)).toEqual(byId(await dataSource.getRepository(entity).findBy({ id: In(ids) })));
      const owners = [...new Set(page.nodes.map((node) => (node as never)[owner] as string))];
      expect(page.included.every((organization) => organization instanceof Organization)).toBe(true);
      expect(byId(page.included as Organization[])).toEqual(
        byId(await dataSource.getRepository(Organization).findBy({ id: In(owners) })),
      );
      const loaded = await repository.byIds(ids);
      expect(byId(loaded)).toEqual(byId(page.nodes));
    }
    const matches = await new MatchRepository(readLayer(dataSource)).page(coordinator, null, args);
    expect(matches.nodes.length).toBeGreaterThan(0);
    expect(byId(matches.nodes)).toEqual(byId(await dataSource.getRepository(Match).find()));
    const requestIds = [...new Set(matches.nodes.map((match) => match.requestId))];
    expect(
      await new MatchRepository(readLayer(dataSource)).of(coordinator, 'request_id', requestIds),
    ).toEqual(
      await dataSource
        .getRepository(Match)
        .find({ where: { requestId: In(requestIds) }, order: { proposedAt: 'ASC', id: 'ASC' } }),
    );
    const organizations = new OrganizationRepository(readLayer(dataSource));
    const allOrganizations = await dataSource.getRepository(Organization).find();
    expect(byId(await organizations.byIds(allOrganizations.map((o) => o.id)))).toEqual(
      byId(allOrganizations),
    );
    const users = await dataSource
      .getRepository(User)
      .find({ select: Object.fromEntries(USER_FIELDS.map((key) => [key, true])) });
    const read = await organizations.usersByIds(users.map((user) => user.id));
    expect(read.every((user) => user instanceof User)).toBe(true);
    expect(byId(read)).toEqual(byId(users));
  });
});

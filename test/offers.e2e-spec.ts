import { startTestApp, type TestApp } from './support/app.js';
import { adminClient } from './support/client.js';
import { withClient } from './support/database.js';
import {
  cast,
  type Cast,
  CREATE_OFFER,
  GET_OFFER,
  offerInput,
  TRANSITION_OFFER,
  UPDATE_OFFER,
} from './support/fixtures.js';

interface OfferView {
  id: string;
  reference: string;
  status: string;
  version: number;
  capacity: number;
  remainingCapacity: number;
  allowedActions: string[];
  [key: string]: unknown;
}

describe('offers (e2e)', () => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
  });
  afterAll(() => t.close());

  const create = async (overrides: Record<string, unknown> = {}) =>
    (await c.provider.client.ok<{ createOffer: OfferView }>(CREATE_OFFER, { input: offerInput(overrides) }))
      .createOffer;
  const move = async (client: typeof c.provider.client, id: string, action: string) =>
    (await client.ok<{ transitionOffer: OfferView }>(TRANSITION_OFFER, { id, action })).transitionOffer;

  describe('successful', () => {
    it('creates a draft offer with its capacity, eligibility and exact budget', async () => {
      const offer = await create({
        eligibleRegions: ['Africa', 'Asia'],
        eligibleStateCodes: ['KEN'],
        budget: { amount: '0.5', currency: 'NOK' },
        availableFrom: '2027-01-01',
        availableUntil: '2027-12-31',
      });
      expect(offer).toMatchObject({
        status: 'DRAFT',
        capacity: 3,
        remainingCapacity: 3,
        confidentiality: 'PUBLIC',
        eligibleRegions: ['Africa', 'Asia'],
        eligibleStates: [{ code: 'KEN' }],
        budget: { amount: '0.5', currency: 'NOK' },
        availableFrom: '2027-01-01',
        allowedActions: ['PUBLISH', 'WITHDRAW'],
        providerOrganization: { id: c.norway.id },
      });
      expect(offer.reference).toMatch(/^OFF-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
    });

    it('publishes, pauses, resumes and closes, with history', async () => {
      const offer = await create();
      expect((await move(c.provider.client, offer.id, 'PUBLISH')).status).toBe('PUBLISHED');
      expect((await move(c.provider.client, offer.id, 'PAUSE')).status).toBe('PAUSED');
      expect((await move(c.provider.client, offer.id, 'RESUME')).status).toBe('PUBLISHED');
      expect((await move(c.coordinator.client, offer.id, 'CLOSE')).status).toBe('CLOSED');
      const { offer: full } = await c.provider.client.ok<{
        offer: { history: { to: string; action: string }[] };
      }>(GET_OFFER, {
        id: offer.id,
      });
      expect(full.history.map((h) => `${h.action}:${h.to}`)).toEqual([
        'CREATE:DRAFT',
        'PUBLISH:PUBLISHED',
        'PAUSE:PAUSED',
        'RESUME:PUBLISHED',
        'CLOSE:CLOSED',
      ]);
    });

    it('edits a published offer; capacity never drops below what is in use', async () => {
      const offer = await create({ capacity: 3 });
      await move(c.provider.client, offer.id, 'PUBLISH');
      // Two engagements agreed elsewhere (matching) leave one unit.
      await withClient((db) =>
        db.query('UPDATE assistance_offer SET remaining_capacity = 1 WHERE id = $1', [offer.id]),
      );
      const grown = await c.provider.client.ok<{ updateOffer: OfferView }>(UPDATE_OFFER, {
        id: offer.id,
        input: { capacity: 5, title: 'ICS security training (extended)' },
        v: 2,
      });
      expect(grown.updateOffer).toMatchObject({
        capacity: 5,
        remainingCapacity: 3,
        version: 3,
        status: 'PUBLISHED',
      });
      const result = await c.provider.client.request(UPDATE_OFFER, {
        id: offer.id,
        input: { capacity: 1 },
        v: 3,
      });
      expect(result.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'input.capacity' },
      });
      const exact = await c.provider.client.ok<{ updateOffer: OfferView }>(UPDATE_OFFER, {
        id: offer.id,
        input: { capacity: 2 },
        v: 3,
      });
      expect(exact.updateOffer).toMatchObject({ capacity: 2, remainingCapacity: 0, status: 'EXHAUSTED' });
    });
  });

  describe('failing', () => {
    it.each([
      [{ capacity: 0 }, 'input.capacity'],
      [{ sectors: [] }, 'input.sectors'],
      [{ sectors: ['ENERGY', 'ENERGY'] }, 'input.sectors'],
      [{ eligibleRegions: ['Atlantis'] }, 'input.eligibleRegions'],
      [{ eligibleStateCodes: ['GRL'] }, 'input.eligibleStateCodes'],
      [{ languages: ['xx'] }, 'input.languages'],
      [{ budget: { amount: '10', currency: 'XYZ' } }, 'input.budget.currency'],
      [{ availableFrom: '2027-05-01', availableUntil: '2027-04-30' }, 'input.availableUntil'],
      [{ title: ' ' }, 'input.title'],
    ])('refuses %j with BAD_USER_INPUT naming %s', async (overrides, field) => {
      const result = await c.provider.client.request(CREATE_OFFER, { input: offerInput(overrides) });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(result.errors?.[0]?.message.startsWith(`${field}:`)).toBe(true);
    });

    it('lets only providers post offers', async () => {
      expect(await c.requester.client.errorCode(CREATE_OFFER, { input: offerInput() })).toBe('FORBIDDEN');
      expect(await c.coordinator.client.errorCode(CREATE_OFFER, { input: offerInput() })).toBe('FORBIDDEN');
    });

    it('shows drafts only to their organization, and RESTRICTED offers only to providers and coordinators', async () => {
      const draft = await create({ confidentiality: 'RESTRICTED' });
      const seenBy = async (offerId: string) => {
        const who = {
          coordinator: c.coordinator,
          otherProvider: c.otherProvider,
          requester: c.requester,
          observer: c.observer,
        };
        const out: Record<string, string> = {};
        for (const [name, user] of Object.entries(who)) {
          const result = await user.client.request(GET_OFFER, { id: offerId });
          out[name] = result.errors?.[0]?.extensions?.code ?? 'OK';
        }
        return out;
      };
      expect(await seenBy(draft.id)).toEqual({
        coordinator: 'NOT_FOUND',
        otherProvider: 'NOT_FOUND',
        requester: 'NOT_FOUND',
        observer: 'NOT_FOUND',
      });
      await move(c.provider.client, draft.id, 'PUBLISH');
      expect(await seenBy(draft.id)).toEqual({
        coordinator: 'OK',
        otherProvider: 'OK',
        requester: 'NOT_FOUND',
        observer: 'NOT_FOUND',
      });
      const listed = await c.requester.client.ok<{ offers: { nodes: { id: string }[]; totalCount: number } }>(
        `query($org: ID) { offers(filter: { providerOrganizationId: $org }, first: 100) { nodes { id } totalCount } }`,
        { org: c.norway.id },
      );
      expect(listed.offers.nodes.map((n) => n.id)).not.toContain(draft.id);
      expect(listed.offers.totalCount).toBe(listed.offers.nodes.length);
    });

    it("refuses another provider's edits and actions", async () => {
      const offer = await create();
      await move(c.provider.client, offer.id, 'PUBLISH');
      expect(
        await c.otherProvider.client.errorCode(UPDATE_OFFER, {
          id: offer.id,
          input: { title: 'Mine' },
          v: 2,
        }),
      ).toBe('FORBIDDEN');
      expect(
        await c.otherProvider.client.errorCode(TRANSITION_OFFER, { id: offer.id, action: 'PAUSE' }),
      ).toBe('FORBIDDEN');
      expect(await c.provider.client.errorCode(TRANSITION_OFFER, { id: offer.id, action: 'RESUME' })).toBe(
        'INVALID_TRANSITION',
      );
    });
  });
});

import { startTestApp, type TestApp } from './support/app.js';
import { adminClient } from './support/client.js';
import {
  cast,
  type Cast,
  CREATE_REQUEST,
  GET_REQUEST,
  requestInput,
  type RequestView,
  TRANSITION_REQUEST,
  UPDATE_REQUEST,
} from './support/fixtures.js';

describe('requests (e2e)', () => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
  });
  afterAll(() => t.close());

  async function create(overrides: Record<string, unknown> = {}): Promise<RequestView> {
    const data = await c.requester.client.ok<{ createRequest: RequestView }>(CREATE_REQUEST, {
      input: requestInput(overrides),
    });
    return data.createRequest;
  }

  async function move(client: typeof c.requester.client, id: string, action: string, reason?: string) {
    return (await client.ok<{ transitionRequest: RequestView }>(TRANSITION_REQUEST, { id, action, reason }))
      .transitionRequest;
  }

  describe('successful', () => {
    it('creates a draft with defaults, an exact budget and a reference', async () => {
      const request = await create({
        estimatedBudget: { amount: '125000.50', currency: 'USD' },
        languages: ['en', 'sw'],
      });
      expect(request).toMatchObject({
        status: 'DRAFT',
        version: 1,
        priority: 'MEDIUM',
        confidentiality: 'RESTRICTED',
        beneficiaryStates: [{ code: 'KEN', region: 'Africa' }],
        estimatedBudget: { amount: '125000.50', currency: 'USD' },
        requestingOrganization: { id: c.kenya.id },
        allowedActions: ['SUBMIT', 'WITHDRAW'],
      });
      expect(request.reference).toMatch(/^REQ-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
    });

    it('runs through review to OPEN with the full history', async () => {
      const request = await create();
      await move(c.requester.client, request.id, 'SUBMIT');
      await move(c.coordinator.client, request.id, 'START_REVIEW');
      await move(c.coordinator.client, request.id, 'REQUEST_CHANGES', 'Name the three sites');
      const draft = await c.requester.client.ok<{ updateRequest: RequestView }>(UPDATE_REQUEST, {
        id: request.id,
        input: {
          description: 'Sites: Nairobi, Mombasa, Kisumu.',
          desiredStart: '2027-01-10',
          desiredEnd: '2027-03-01',
        },
        v: 4,
      });
      expect(draft.updateRequest).toMatchObject({
        version: 5,
        desiredStart: '2027-01-10',
        desiredEnd: '2027-03-01',
      });
      await move(c.requester.client, request.id, 'SUBMIT');
      await move(c.coordinator.client, request.id, 'START_REVIEW');
      const open = await move(c.coordinator.client, request.id, 'APPROVE');
      expect(open).toMatchObject({ status: 'OPEN', version: 8, allowedActions: ['CLOSE'] });
      const { request: full } = await c.requester.client.ok<{
        request: RequestView & {
          history: {
            from: string | null;
            to: string;
            action: string;
            reason: string | null;
            actor: { id: string };
          }[];
          openedAt: string;
          submittedAt: string;
        };
      }>(GET_REQUEST, { id: request.id });
      expect(full.history.map((h) => [h.from, h.to, h.action])).toEqual([
        [null, 'DRAFT', 'CREATE'],
        ['DRAFT', 'SUBMITTED', 'SUBMIT'],
        ['SUBMITTED', 'UNDER_REVIEW', 'START_REVIEW'],
        ['UNDER_REVIEW', 'CHANGES_REQUESTED', 'REQUEST_CHANGES'],
        ['CHANGES_REQUESTED', 'SUBMITTED', 'SUBMIT'],
        ['SUBMITTED', 'UNDER_REVIEW', 'START_REVIEW'],
        ['UNDER_REVIEW', 'OPEN', 'APPROVE'],
      ]);
      expect(full.history[3]).toMatchObject({
        reason: 'Name the three sites',
        actor: { id: c.coordinator.userId },
      });
      expect(full.openedAt).toBeTruthy();
      expect(full.allowedActions).toEqual(['WITHDRAW']);
    });
  });

  describe('failing', () => {
    it('refuses a stale version with CONFLICT', async () => {
      const request = await create();
      expect(
        await c.requester.client.errorCode(UPDATE_REQUEST, { id: request.id, input: { title: 'New' }, v: 7 }),
      ).toBe('CONFLICT');
    });

    it("keeps a draft's audit trail private to its organization, answered like an unknown id", async () => {
      const request = await create();
      const trail = `query($id: ID!) { auditTrail(entityId: $id) { action } }`;
      expect(await c.coordinator.client.ok(trail, { id: request.id })).toEqual({ auditTrail: [] });
      await c.requester.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'SUBMIT' });
      const visible = await c.coordinator.client.ok<{ auditTrail: { action: string }[] }>(trail, {
        id: request.id,
      });
      expect(visible.auditTrail.map((e) => e.action)).toEqual(['CREATE', 'SUBMIT']);
    });

    it('hides drafts from everyone outside the organization as NOT_FOUND', async () => {
      const request = await create();
      for (const who of [c.coordinator, c.otherRequester, c.provider, c.observer]) {
        expect(await who.client.errorCode(GET_REQUEST, { id: request.id })).toBe('NOT_FOUND');
      }
      expect(
        (await c.requester2.client.ok<{ request: RequestView }>(GET_REQUEST, { id: request.id })).request.id,
      ).toBe(request.id);
    });
  });
});

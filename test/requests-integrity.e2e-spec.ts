import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient } from './support/client.js';
import {
  cast,
  type Cast,
  CREATE_REQUEST,
  GET_REQUEST,
  requestInput,
  TRANSITION_REQUEST,
  UPDATE_REQUEST,
} from './support/fixtures.js';

const STATE_CODES = new Set(
  (JSON.parse(readFileSync('seeds/member-states.json', 'utf8')) as { code: string }[]).map((s) => s.code),
);

describe('request integrity (e2e)', () => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
  });
  afterAll(() => t.close());

  const create = async (overrides: Record<string, unknown> = {}) =>
    (
      await c.requester.client.ok<{ createRequest: { id: string; version: number; reference: string } }>(
        CREATE_REQUEST,
        {
          input: requestInput(overrides),
        },
      )
    ).createRequest;

  describe('concurrency', () => {
    it('lets exactly one of 10 parallel transitions on one version win', async () => {
      const request = await create();
      await c.requester.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'SUBMIT' });
      const attempts = await Promise.all(
        Array.from({ length: 10 }, () =>
          c.coordinator.client.request(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW', v: 2 }),
        ),
      );
      const codes = attempts.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
      expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
      expect(codes.every((code) => ['OK', 'CONFLICT', 'INVALID_TRANSITION'].includes(code))).toBe(true);
      const { request: after } = await c.coordinator.client.ok<{
        request: { version: number; history: unknown[] };
      }>(GET_REQUEST, {
        id: request.id,
      });
      expect(after.version).toBe(3);
      expect(after.history).toHaveLength(3);
    });

    it('lets exactly one of 10 parallel edits on one version win', async () => {
      const request = await create();
      const attempts = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          c.requester.client.request(UPDATE_REQUEST, { id: request.id, input: { title: `Edit ${i}` }, v: 1 }),
        ),
      );
      expect(attempts.filter((a) => !a.errors)).toHaveLength(1);
      expect(attempts.filter((a) => a.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(9);
    });
  });

  describe('idempotency', () => {
    it('returns the first result for a repeated key and input, even when the repeats race', async () => {
      const input = requestInput({ idempotencyKey: `key-${crypto.randomUUID()}` });
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          c.requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, { input }),
        ),
      );
      expect(new Set(results.map((r) => r.createRequest.id)).size).toBe(1);
    });

    it('answers CONFLICT when the key is reused for a different input', async () => {
      const key = `key-${crypto.randomUUID()}`;
      await c.requester.client.ok(CREATE_REQUEST, { input: requestInput({ idempotencyKey: key }) });
      expect(
        await c.requester.client.errorCode(CREATE_REQUEST, {
          input: requestInput({ idempotencyKey: key, title: 'Other' }),
        }),
      ).toBe('CONFLICT');
    });

    it('keeps keys per author', async () => {
      const input = requestInput({ idempotencyKey: `shared-${crypto.randomUUID()}` });
      const first = await c.requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, { input });
      const second = await c.requester2.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
        input,
      });
      expect(second.createRequest.id).not.toBe(first.createRequest.id);
    });
  });

  describe('input properties', () => {
    const SECTORS = [
      'ENERGY',
      'AIR_TRANSPORT',
      'WATER_SUPPLY',
      'PUBLIC_HEALTH',
      'INTERNET_AND_ICT',
      'TOURISM',
    ];
    const TYPES = ['TRAINING', 'TECHNICAL_ASSISTANCE', 'PROGRAMME', 'LEGISLATIVE_ASSISTANCE'];
    const text = (max: number) =>
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: max })
        // eslint-disable-next-line no-control-regex -- control characters are refused; keep them out of valid input
        .map((s) => s.replace(/[\u0000-\u001f\u007f]/g, 'x'))
        .filter((s) => s.trim().length > 0 && [...s.trim()].length <= max);
    const day = fc
      .date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const validInput = fc.record({
      title: text(200),
      description: text(2000),
      sectors: fc.uniqueArray(fc.constantFrom(...SECTORS), { minLength: 1 }),
      assistanceTypes: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1 }),
      beneficiaryStateCodes: fc.uniqueArray(fc.constantFrom('KEN', 'TZA', 'UGA', 'VAT', 'PSE', 'FJI'), {
        minLength: 1,
      }),
      languages: fc.uniqueArray(fc.constantFrom('en', 'fr', 'sw', 'ar', 'es'), { maxLength: 3 }),
      mandateParagraphs: fc.uniqueArray(fc.constantFrom('PARAGRAPH_9', 'PARAGRAPH_11', 'PARAGRAPH_12')),
      priority: fc.constantFrom('LOW', 'MEDIUM', 'HIGH', 'CRITICAL'),
      confidentiality: fc.constantFrom('PUBLIC', 'RESTRICTED', 'CONFIDENTIAL'),
      window: fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
      estimatedBudget: fc.option(
        fc.record({
          amount: fc
            .tuple(
              fc.bigInt({ min: 0n, max: 999_999_999_999_999n }),
              fc.option(fc.stringMatching(/^\d{1,4}$/)),
            )
            .map(([i, f]) => (f === null ? `${i}` : `${i}.${f}`)),
          currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'KES'),
        }),
      ),
    });

    it('stores random valid inputs and reads them back exactly', async () => {
      await fc.assert(
        fc.asyncProperty(validInput, async ({ window, ...input }) => {
          const sent = { ...input, desiredStart: window[0], desiredEnd: window[1] };
          const { createRequest } = await c.requester.client.ok<{
            createRequest: Record<string, unknown> & { id: string };
          }>(CREATE_REQUEST, { input: sent });
          const { request } = await c.requester.client.ok<{ request: Record<string, unknown> }>(GET_REQUEST, {
            id: createRequest.id,
          });
          expect(request).toMatchObject({
            title: sent.title.trim(),
            description: sent.description.trim(),
            sectors: sent.sectors,
            assistanceTypes: sent.assistanceTypes,
            beneficiaryStates: sent.beneficiaryStateCodes.map((code) => expect.objectContaining({ code })),
            languages: sent.languages,
            mandateParagraphs: sent.mandateParagraphs,
            priority: sent.priority,
            confidentiality: sent.confidentiality,
            desiredStart: sent.desiredStart,
            desiredEnd: sent.desiredEnd,
            estimatedBudget: sent.estimatedBudget,
          });
        }),
        { numRuns: 40 },
      );
    });

    const invalid = fc.oneof(
      fc.constant({ title: '   ' }),
      fc.constant({ title: 'x'.repeat(201) }),
      fc.constant({ description: '' }),
      fc.constant({ description: 'y'.repeat(20_001) }),
      fc.constant({ sectors: [] }),
      fc.constant({ sectors: ['ENERGY', 'ENERGY'] }),
      fc.constant({ assistanceTypes: [] }),
      fc.constant({ sectors: ['NUCLEAR'] }),
      // Three capitals that name no State the service knows (e.g. IRQ is Iraq, so it is no bad code).
      fc
        .stringMatching(/^[A-Z]{3}$/)
        .filter((code) => !STATE_CODES.has(code))
        .map((code) => ({ beneficiaryStateCodes: [code] })),
      fc.constant({ beneficiaryStateCodes: ['ken'] }),
      fc.constant({ beneficiaryStateCodes: [] }),
      fc.constant({ languages: ['english'] }),
      fc.constant({ languages: ['en', 'en'] }),
      fc.constant({ desiredStart: '2027-02-30' }),
      fc.constant({ desiredStart: '2027-03-02', desiredEnd: '2027-03-01' }),
      fc.constant({ estimatedBudget: { amount: '-1', currency: 'USD' } }),
      fc.constant({ estimatedBudget: { amount: '1e6', currency: 'USD' } }),
      fc.constant({ estimatedBudget: { amount: '1.00001', currency: 'USD' } }),
      fc.constant({ estimatedBudget: { amount: '10', currency: 'usd' } }),
      fc.constant({ estimatedBudget: { amount: 10, currency: 'USD' } }),
      fc.constant({ priority: 'URGENT' }),
      fc.constant({ idempotencyKey: '' }),
      fc.constant({ ctedRecommendationRef: 'r'.repeat(201) }),
      fc.string({ maxLength: 5 }).map((s) => ({ title: `\u0000${s}` })),
    );

    it('answers random invalid inputs with BAD_USER_INPUT, never another code, and stores nothing', async () => {
      const before = (
        await c.requester.client.ok<{ requests: { totalCount: number } }>(
          '{ requests(first: 1) { totalCount } }',
        )
      ).requests.totalCount;
      await fc.assert(
        fc.asyncProperty(invalid, async (bad) => {
          const result = await c.requester.client.request(CREATE_REQUEST, { input: requestInput(bad) });
          expect(result.status).toBeLessThan(500);
          expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        }),
        { numRuns: 80 },
      );
      const after = (
        await c.requester.client.ok<{ requests: { totalCount: number } }>(
          '{ requests(first: 1) { totalCount } }',
        )
      ).requests.totalCount;
      expect(after).toBe(before);
    });
  });

  describe('contacts', () => {
    it('shows a CTC observer names and organizations of the people on a request, never a whole e-mail address', async () => {
      const request = await create({ confidentiality: 'PUBLIC' });
      await c.requester.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'SUBMIT' });
      await c.coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
      await c.coordinator.client.ok(
        `mutation($id: ID!) { addComment(subjectId: $id, body: "Opened soon") { id } }`,
        { id: request.id },
      );
      const PEOPLE = `query($id: ID!) { request(id: $id) {
        history { actor { email displayName organization { id } } }
        comments { author { email displayName } } } }`;
      type People = {
        request: {
          history: { actor: { email: string; displayName: string; organization: { id: string } | null } }[];
          comments: { author: { email: string; displayName: string } }[];
        };
      };
      const seen = await c.observer.client.ok<People>(PEOPLE, { id: request.id });
      const full = await c.coordinator.client.ok<People>(PEOPLE, { id: request.id });
      const mask = (email: string) => `${email[0]}•••@${email.split('@')[1]}`;
      const people = (view: People) => [
        ...view.request.history.map((h) => h.actor),
        ...view.request.comments.map((comment) => comment.author),
      ];
      expect(full.request.history.map((h) => h.actor.email)).toEqual([
        c.requester.email,
        c.requester.email,
        c.coordinator.email,
      ]);
      expect(full.request.comments.map((comment) => comment.author.email)).toEqual([c.coordinator.email]);
      expect(people(seen)).toEqual(people(full).map((person) => ({ ...person, email: mask(person.email) })));
      expect(seen.request.history[0]?.actor.organization).toEqual({ id: c.kenya.id });
      const me = await c.observer.client.ok<{ me: { email: string } }>('{ me { email } }');
      expect(me.me.email).toBe(mask(c.observer.email));
    });
  });

  describe('notifications', () => {
    it('tells the requesting organization about review decisions, and coordinators about submissions', async () => {
      const request = await create();
      await c.requester.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'SUBMIT' });
      await c.coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
      await c.coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'APPROVE' });
      const mine = await c.requester2.client.ok<{
        myNotifications: { kind: string; subjectId: string; message: string; id: string }[];
      }>('{ myNotifications(unreadOnly: true) { id kind subjectId message readAt } }');
      const about = mine.myNotifications.filter((n) => n.subjectId === request.id);
      expect(about.map((n) => n.kind)).toEqual(['REQUEST_STATUS_CHANGED', 'REQUEST_STATUS_CHANGED']);
      expect(about[0]?.message).toContain(request.reference);
      const coordinator = await c.coordinator.client.ok<{
        myNotifications: { kind: string; subjectId: string }[];
      }>('{ myNotifications { kind subjectId } }');
      expect(coordinator.myNotifications).toContainEqual({
        kind: 'REQUEST_SUBMITTED',
        subjectId: request.id,
      });
      // Another State hears nothing.
      const other = await c.otherRequester.client.ok<{ myNotifications: { subjectId: string }[] }>(
        '{ myNotifications { subjectId } }',
      );
      expect(other.myNotifications.filter((n) => n.subjectId === request.id)).toEqual([]);
      // Marking read: only one's own.
      const ids = about.map((n) => n.id);
      expect(
        await c.otherRequester.client.ok('mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }', {
          ids,
        }),
      ).toEqual({
        markNotificationsRead: 0,
      });
      expect(
        await c.requester2.client.ok('mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }', { ids }),
      ).toEqual({
        markNotificationsRead: 2,
      });
    });

    it('pushes notifications over graphql-ws to the signed-in user, and refuses a connection without a token', async () => {
      const wsUrl = `${t.url.replace('http', 'ws')}/graphql`;
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${c.requester.client.token}` },
        retryAttempts: 0,
      });
      const received: { kind: string; subjectId: string }[] = [];
      const subscribed = new Promise<void>((resolve, reject) => {
        client.on('connected', () => setTimeout(resolve, 100));
        client.subscribe(
          { query: 'subscription { notificationAdded { id kind subjectId message } }' },
          {
            next: (value) =>
              received.push(
                (value.data as { notificationAdded: { kind: string; subjectId: string } }).notificationAdded,
              ),
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await subscribed;
      const request = await create();
      await c.requester.client.ok(
        `mutation($id: ID!) { addComment(subjectId: $id, body: "Self note") { id } }`,
        { id: request.id },
      );
      await c.coordinator.client
        .ok(TRANSITION_REQUEST, { id: request.id, action: 'WITHDRAW' })
        .catch(() => undefined);
      await c.requester.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'SUBMIT' });
      await c.coordinator.client.ok(
        `mutation($id: ID!) { addComment(subjectId: $id, body: "Please add the site list") { id } }`,
        { id: request.id },
      );
      await c.coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
      for (let i = 0; i < 50 && received.length < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
      await client.dispose();
      expect(received).toEqual([
        expect.objectContaining({ kind: 'COMMENT_ADDED', subjectId: request.id }),
        expect.objectContaining({ kind: 'REQUEST_STATUS_CHANGED', subjectId: request.id }),
      ]);

      const anonymous = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
      });
      const refused = await new Promise<string>((resolve) => {
        anonymous.on('closed', (event) => resolve(`closed ${(event as { code?: number }).code}`));
        anonymous.on('connected', () => resolve('connected'));
      });
      await anonymous.dispose();
      expect(refused).toMatch(/^closed/);
    });
  });
});

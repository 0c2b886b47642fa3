import { JOB_SCHEMA } from '../src/jobs/job-queue.js';
import { Clock } from '../src/jobs/clock.js';
import { MATCH_DEADLINES_QUEUE, MatchDeadlines } from '../src/matching/match-deadlines.js';
import { OFFER_EXPIRY_QUEUE, OfferExpiry } from '../src/offers/offer-expiry.js';
import { WEEKLY_DIGEST_QUEUE, WeeklyDigest } from '../src/reporting/weekly-digest.js';
import { REVIEW_REMINDERS_QUEUE, ReviewReminders } from '../src/requests/review-reminders.js';
import { DIGEST_QUEUE } from '../src/notifications/digest.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient, loginAs } from './support/client.js';
import { withClient } from './support/database.js';
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

const DAY = 86_400_000;
const PROPOSE = `mutation($input: ProposeMatchInput!) { proposeMatch(input: $input) { id reference status } }`;
const RESPOND = `mutation($id: ID!, $d: Decision!) { respondToMatch(id: $id, decision: $d) { id status } }`;
const GET_MATCH = `query($id: ID!) { match(id: $id) { status allowedActions history { from to action reason actor { id } } } }`;
const OFFER_HISTORY = `query($id: ID!) { offer(id: $id) { status history { from to action actor { id } } } }`;
const NOTIFICATIONS = `{ myNotifications(first: 100) { kind message subjectId } }`;

interface Notice {
  kind: string;
  message: string;
  subjectId: string;
}

async function notices(client: GqlClient, subjectId: string): Promise<Notice[]> {
  const { myNotifications } = await client.ok<{ myNotifications: Notice[] }>(NOTIFICATIONS);
  return myNotifications.filter((n) => n.subjectId === subjectId);
}

describe('reminders, expiry and digests over time (e2e)', () => {
  let t: TestApp;
  let c: Cast;
  let clock: Clock;
  const at = (days: number) => {
    const time = Date.now() + days * DAY;
    clock.now = () => new Date(time);
  };

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
    clock = t.app.get(Clock);
  });
  afterEach(() => {
    clock.now = () => new Date();
  });
  afterAll(() => t.close());

  async function openRequest() {
    const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
      input: requestInput({ confidentiality: 'PUBLIC' }),
    });
    await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'START_REVIEW' });
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'APPROVE' });
    return createRequest.id;
  }

  async function publishedOffer(overrides: Record<string, unknown> = {}) {
    const { createOffer } = await c.provider.client.ok<{ createOffer: { id: string; reference: string } }>(
      CREATE_OFFER,
      { input: offerInput(overrides) },
    );
    await c.provider.client.ok(TRANSITION_OFFER, { id: createOffer.id, action: 'PUBLISH' });
    return createOffer;
  }

  it('schedules each job once per deployment, on its configured cron', async () => {
    const schedules = await withClient(
      async (db) =>
        (
          await db.query<{ name: string; cron: string }>(
            `SELECT name, cron FROM ${JOB_SCHEMA}.schedule ORDER BY name`,
          )
        ).rows,
    );
    expect(schedules).toEqual(
      expect.arrayContaining([
        { name: MATCH_DEADLINES_QUEUE, cron: '0 * * * *' },
        { name: REVIEW_REMINDERS_QUEUE, cron: '0 * * * *' },
        { name: OFFER_EXPIRY_QUEUE, cron: '0 * * * *' },
        { name: WEEKLY_DIGEST_QUEUE, cron: '0 6 * * 1' },
        { name: DIGEST_QUEUE, cron: '0 6 * * *' },
      ]),
    );
  });

  it('reminds the party that has not answered at 7 days, once, then expires the proposal at 30 and frees the pair', async () => {
    const requestId = await openRequest();
    const offer = await publishedOffer();
    const { proposeMatch: match } = await c.provider.client.ok<{
      proposeMatch: { id: string; reference: string; status: string };
    }>(PROPOSE, { input: { requestId, offerId: offer.id } });
    const deadlines = t.app.get(MatchDeadlines);

    at(6);
    expect(await deadlines.run()).toEqual({ expired: 0, reminded: 0 });
    at(7.01);
    expect(await deadlines.run()).toEqual({ expired: 0, reminded: 1 });
    expect(await deadlines.run()).toEqual({ expired: 0, reminded: 0 });
    // The provider proposed (its acceptance is implied): only the requester is waited for.
    const reminders = await notices(c.requester.client, match.id);
    expect(reminders.filter((n) => n.kind === 'MATCH_REMINDER')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`^${match.reference} awaits .* expires on `)),
      }),
    ]);
    expect((await notices(c.provider.client, match.id)).map((n) => n.kind)).not.toContain('MATCH_REMINDER');

    at(29.9);
    expect(await deadlines.run()).toEqual({ expired: 0, reminded: 0 });
    at(30.01);
    expect(await deadlines.run()).toEqual({ expired: 1, reminded: 0 });
    expect(await deadlines.run()).toEqual({ expired: 0, reminded: 0 });
    const { match: expired } = await c.coordinator.client.ok<{
      match: { status: string; allowedActions: string[]; history: Record<string, unknown>[] };
    }>(GET_MATCH, { id: match.id });
    expect(expired.status).toBe('EXPIRED');
    expect(expired.allowedActions).toEqual([]);
    expect(expired.history.at(-1)).toEqual({
      from: 'PROPOSED',
      to: 'EXPIRED',
      action: 'EXPIRE',
      reason: 'Unanswered for 30 days',
      actor: null,
    });
    for (const party of [c.requester.client, c.provider.client]) {
      expect((await notices(party, match.id)).map((n) => n.kind)).toContain('MATCH_EXPIRED');
    }
    const audited = await withClient(
      async (db) =>
        (
          await db.query(`SELECT action, actor_id FROM audit_event WHERE entity_id = $1 ORDER BY sequence`, [
            match.id,
          ])
        ).rows,
    );
    expect(audited.at(-1)).toEqual({ action: 'EXPIRE', actor_id: null });
    // The pair is free: the same request and offer may be proposed again.
    const again = await c.provider.client.ok<{ proposeMatch: { status: string } }>(PROPOSE, {
      input: { requestId, offerId: offer.id },
    });
    expect(again.proposeMatch.status).toBe('PROPOSED');
  });

  it('leaves an answered proposal alone, and refuses a late answer to an expired one', async () => {
    const requestId = await openRequest();
    const offer = await publishedOffer();
    const { proposeMatch: answered } = await c.provider.client.ok<{ proposeMatch: { id: string } }>(PROPOSE, {
      input: { requestId, offerId: offer.id },
    });
    await c.requester.client.ok(RESPOND, { id: answered.id, d: 'ACCEPT' });
    const other = await publishedOffer();
    const { proposeMatch: late } = await c.provider.client.ok<{ proposeMatch: { id: string } }>(PROPOSE, {
      input: { requestId, offerId: other.id },
    });
    at(31);
    const deadlines = t.app.get(MatchDeadlines);
    await deadlines.run();
    const status = async (id: string) =>
      (await c.coordinator.client.ok<{ match: { status: string } }>(GET_MATCH, { id })).match.status;
    expect(await status(answered.id)).toBe('AGREED');
    expect(await status(late.id)).toBe('EXPIRED');
    expect(await c.requester.client.errorCode(RESPOND, { id: late.id, d: 'ACCEPT' })).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('reminds the coordinators of a request waiting for review for 10 days, once per status', async () => {
    const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
      input: requestInput({ confidentiality: 'PUBLIC', title: 'Airport perimeter review' }),
    });
    await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    const reminders = t.app.get(ReviewReminders);
    at(9.9);
    expect(await reminders.run()).toBe(0);
    at(10.01);
    expect(await reminders.run()).toBe(1);
    expect(await reminders.run()).toBe(0);
    const reminded = await notices(c.coordinator.client, createRequest.id);
    expect(reminded.filter((n) => n.kind === 'REQUEST_REVIEW_REMINDER')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/ has been SUBMITTED for 10 days$/) }),
    ]);
    // A new stint in review (begun now, as the database's clock says) is reminded of ten days after it begins.
    at(0);
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'START_REVIEW' });
    expect(await reminders.run()).toBe(0);
    at(10.01);
    expect(await reminders.run()).toBe(1);
    // The requesting State hears nothing of it.
    expect((await notices(c.requester.client, createRequest.id)).map((n) => n.kind)).not.toContain(
      'REQUEST_REVIEW_REMINDER',
    );
  });

  it('closes an offer by itself the day after its availability ends, and tells its provider', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const offer = await publishedOffer({ availableFrom: today, availableUntil: today });
    const requestId = await openRequest();
    const { proposeMatch: match } = await c.provider.client.ok<{ proposeMatch: { id: string } }>(PROPOSE, {
      input: { requestId, offerId: offer.id },
    });
    const expiry = t.app.get(OfferExpiry);
    at(0);
    expect(await expiry.run()).toBe(0);
    at(1);
    expect(await expiry.run()).toBeGreaterThanOrEqual(1);
    const { offer: closed } = await c.provider.client.ok<{
      offer: { status: string; history: { action: string; actor: unknown }[] };
    }>(OFFER_HISTORY, { id: offer.id });
    expect(closed.status).toBe('CLOSED');
    expect(closed.history.at(-1)).toEqual({ from: 'PUBLISHED', to: 'CLOSED', action: 'CLOSE', actor: null });
    expect((await notices(c.provider.client, offer.id)).map((n) => n.message)).toContain(
      `${offer.reference} is CLOSED: its availability ended on ${today}`,
    );
    // It left the marketplace as a closing by its provider would: its proposal is cancelled.
    const { match: cancelled } = await c.coordinator.client.ok<{ match: { status: string } }>(GET_MATCH, {
      id: match.id,
    });
    expect(cancelled.status).toBe('CANCELLED');
  });

  it('mails each coordinator one weekly digest of what they may see', async () => {
    const coordinator = await loginAs(c.admin.client, ['COORDINATOR']);
    const { createRequest } = await c.requester.client.ok<{
      createRequest: { id: string; reference: string };
    }>(CREATE_REQUEST, {
      input: requestInput({ confidentiality: 'PUBLIC', title: 'Dam safety instrumentation' }),
    });
    await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    at(1);
    const digest = t.app.get(WeeklyDigest);
    expect(await digest.run()).toBeGreaterThanOrEqual(2);
    expect(await digest.run()).toBe(0);
    const mails = await withClient(
      async (db) =>
        (
          await db.query<{ subject: string; text_body: string }>(
            `SELECT subject, text_body FROM mail_message WHERE user_id = $1 AND kind = 'WEEKLY_DIGEST'`,
            [coordinator.userId],
          )
        ).rows,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toMatch(/^Your weekly digest: the week to \d{4}-\d{2}-\d{2}$/);
    expect(mails[0]?.text_body).toContain(`${createRequest.reference} Dam safety instrumentation`);
    expect(mails[0]?.text_body).toMatch(/Proposals waiting for an answer \(\d+\)/);
    expect(mails[0]?.text_body).toMatch(/Requests open for 90 days or more with no match \(0\)/);
    // Focal points get none.
    const focal = await withClient(
      async (db) =>
        (
          await db.query(`SELECT 1 FROM mail_message WHERE user_id = $1 AND kind = 'WEEKLY_DIGEST'`, [
            c.requester.userId,
          ])
        ).rows,
    );
    expect(focal).toEqual([]);
  });
});

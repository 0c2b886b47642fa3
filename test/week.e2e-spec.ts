import { Clock } from '../src/jobs/clock.js';
import { MatchDeadlines } from '../src/matching/match-deadlines.js';
import { WeeklyDigest } from '../src/reporting/weekly-digest.js';
import { ReviewReminders } from '../src/requests/review-reminders.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient } from './support/client.js';
import {
  CREATE_OFFER,
  CREATE_ORG,
  CREATE_REQUEST,
  offerInput,
  requestInput,
  TRANSITION_OFFER,
  TRANSITION_REQUEST,
} from './support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const DAY = 86_400_000;
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }`;
const ACCEPT = `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { accessToken refreshToken user { id } } }`;
const REQUEST_RESET = `mutation($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { id active } }`;
const PROPOSE = `mutation($input: ProposeMatchInput!) { proposeMatch(input: $input) { id reference } }`;
const MATCH = `query($id: ID!) { match(id: $id) { status } }`;
const ME = `{ me { id email } }`;

const tokenIn = (text: string | undefined) => /token: "([^"]+)"/.exec(text ?? '')?.[1] ?? '';
const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;

/**
 * A team's week, as its people live it: everyone joins from the mails that arrive, a request waits
 * for review and is reminded, a proposal is reminded and then expires, a password is reset and the
 * old sessions end, a person who left is switched off mid-session. Time is the injected clock's.
 */
describe('a week of a real team (e2e)', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let clock: Clock;
  const at = (days: number) => {
    const time = Date.now() + days * DAY;
    clock.now = () => new Date(time);
  };
  const now = () => {
    clock.now = () => new Date();
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url, JOB_POLL_SECONDS: '1', JOB_MAINTENANCE_SECONDS: '1' });
    clock = t.app.get(Clock);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The first mail to `email` whose subject matches, once it has arrived. */
  async function mailTo(email: string, subject: RegExp | string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const mails = await smtp.waitFor(email);
      const found = mails.find((mail) =>
        typeof subject === 'string' ? mail.subject === subject : subject.test(mail.subject ?? ''),
      );
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no mail "${String(subject)}" to ${email}: ${mails.map((m) => m.subject).join('; ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The person invited to `email` sets a password from the mail that arrives and is signed in. */
  async function join(email: string, password: string) {
    const invitation = await mailTo(email, /invitation/i);
    const { acceptInvitation } = await new GqlClient(t.url).ok<{
      acceptInvitation: { accessToken: string; refreshToken: string; user: { id: string } };
    }>(ACCEPT, { t: tokenIn(invitation?.text), p: password });
    return {
      id: acceptInvitation.user.id,
      email,
      refreshToken: acceptInvitation.refreshToken,
      client: new GqlClient(t.url, acceptInvitation.accessToken),
    };
  }

  it('runs from the first invitation to a deactivation', async () => {
    const admin = await adminClient(t.url);
    const org = async (name: string, memberStateCode: string) =>
      (
        await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
          input: {
            name: `${name} ${crypto.randomUUID().slice(0, 8)}`,
            kind: 'MEMBER_STATE',
            memberStateCode,
          },
        })
      ).createOrganization;
    const kenya = await org('Kenya', 'KEN');
    const norway = await org('Norway', 'NOR');
    const unique = crypto.randomUUID().slice(0, 8);
    const emails = {
      coordinator: `coordinator-${unique}@un.example`,
      focal: `focal-${unique}@kenya.example`,
      colleague: `colleague-${unique}@kenya.example`,
      donor: `donor-${unique}@norway.example`,
    };

    // Monday: the admin invites a coordinator and two focal points; each joins from the mail.
    const invite = (client: GqlClient, email: string, roles: string[], organizationId?: string) =>
      client.ok(INVITE, { input: { email, displayName: email.split('@')[0], roles, organizationId } });
    await invite(admin, emails.coordinator, ['COORDINATOR']);
    await invite(admin, emails.focal, ['REQUESTER'], kenya.id);
    await invite(admin, emails.donor, ['PROVIDER'], norway.id);
    const coordinator = await join(emails.coordinator, 'coordinator-password-long');
    const focal = await join(emails.focal, 'focal-point-password-long');
    const donor = await join(emails.donor, 'donor-password-long-enough');
    // The focal point invites a colleague to their own organization.
    await invite(focal.client, emails.colleague, ['REQUESTER']);
    const colleague = await join(emails.colleague, 'colleague-password-long');

    // The focal point submits a request; the coordinator hears of it at once.
    const { createRequest: request } = await focal.client.ok<{
      createRequest: { id: string; reference: string };
    }>(CREATE_REQUEST, {
      input: requestInput({ title: 'Port security assessment', confidentiality: 'PUBLIC' }),
    });
    await focal.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'SUBMIT' });
    await mailTo(
      emails.coordinator,
      `[${request.reference}] ${request.reference} has been submitted for review`,
    );

    // Ten days on, nobody has reviewed it: the coordinator is reminded.
    at(10.01);
    expect(await t.app.get(ReviewReminders).run()).toBe(1);
    const reminder = await mailTo(
      emails.coordinator,
      `[${request.reference}] ${request.reference} has been waiting for 10 days: Submitted`,
    );
    expect(reminder.text).toContain('Title: Port security assessment');
    expect(reminder.text).toContain('What to do next: Review the request');
    now();

    // The review opens it; the donor publishes an offer and proposes it.
    await coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
    await coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'APPROVE' });
    const { createOffer: offer } = await donor.client.ok<{ createOffer: { id: string } }>(CREATE_OFFER, {
      input: offerInput({ sectors: ['ENERGY'], assistanceTypes: ['TRAINING'] }),
    });
    await donor.client.ok(TRANSITION_OFFER, { id: offer.id, action: 'PUBLISH' });
    const { proposeMatch: match } = await donor.client.ok<{
      proposeMatch: { id: string; reference: string };
    }>(PROPOSE, { input: { requestId: request.id, offerId: offer.id } });
    await mailTo(emails.focal, new RegExp(`^\\[${match.reference}\\] `));

    // A week without an answer: both focal points of the requesting State are reminded.
    at(7.01);
    expect(await t.app.get(MatchDeadlines).run()).toEqual({ expired: 0, reminded: 1 });
    for (const email of [emails.focal, emails.colleague]) {
      await mailTo(email, new RegExp(`^\\[${match.reference}\\] .* awaits your organization's answer`));
    }
    expect((await smtp.waitFor(emails.donor)).map((mail) => mail.subject)).not.toContainEqual(
      expect.stringContaining('awaits'),
    );
    // Thirty days: the proposal expires; both parties hear of it and the pair is free.
    at(30.01);
    expect(await t.app.get(MatchDeadlines).run()).toEqual({ expired: 1, reminded: 0 });
    for (const email of [emails.focal, emails.donor]) {
      await mailTo(email, `[${match.reference}] ${match.reference} has expired without an answer`);
    }
    expect(
      (await coordinator.client.ok<{ match: { status: string } }>(MATCH, { id: match.id })).match.status,
    ).toBe('EXPIRED');
    now();

    // The colleague forgets the password: the reset ends every session they had.
    expect(await colleague.client.ok(ME)).toEqual({ me: { id: colleague.id, email: emails.colleague } });
    await new GqlClient(t.url).ok(REQUEST_RESET, { e: emails.colleague });
    const resetMail = await mailTo(emails.colleague, /password/i);
    await new GqlClient(t.url).ok(RESET, { t: tokenIn(resetMail.text), p: 'a-new-colleague-password' });
    expect(codeOf(await colleague.client.request(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await new GqlClient(t.url).request(REFRESH, { t: colleague.refreshToken }))).toBe(
      'UNAUTHENTICATED',
    );
    await new GqlClient(t.url).login(emails.colleague, 'a-new-colleague-password');

    // The donor's officer leaves: deactivated mid-session, their token stops at once.
    expect((await donor.client.ok<{ me: { id: string } }>(ME)).me.id).toBe(donor.id);
    await admin.ok(DEACTIVATE, { id: donor.id });
    expect(codeOf(await donor.client.request(ME))).toBe('UNAUTHENTICATED');
    expect(
      codeOf(
        await new GqlClient(t.url).request(
          `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
          {
            input: { email: emails.donor, password: 'donor-password-long-enough' },
          },
        ),
      ),
    ).toBe('UNAUTHENTICATED');

    // Monday again: the coordinator's weekly digest arrives.
    at(7);
    expect(await t.app.get(WeeklyDigest).run()).toBeGreaterThanOrEqual(1);
    const digest = await mailTo(emails.coordinator, /^Your weekly digest/);
    expect(digest.text).toContain('Requests submitted in the last seven days');
    now();
  });
});

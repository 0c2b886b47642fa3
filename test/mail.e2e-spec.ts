import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { JOB_SCHEMA } from '../src/jobs/job-queue.js';
import { DIGEST_QUEUE, DigestService } from '../src/notifications/digest.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient, loginAs } from './support/client.js';
import { withClient } from './support/database.js';
import { CREATE_ORG, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const UPDATE_ME = `mutation($input: UpdateMeInput!) { updateMe(input: $input) { notificationPreferences { kind delivery } } }`;
const COMMENT = `mutation($id: ID!, $body: String!) { addComment(subjectId: $id, body: $body) { id } }`;

/** A request of a new State's focal point, submitted, and a coordinator to review it. */
async function submittedRequest(admin: GqlClient, title: string) {
  const { createOrganization } = await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
    input: { name: `Organization ${crypto.randomUUID()}`, kind: 'MEMBER_STATE', memberStateCode: 'KEN' },
  });
  const requester = await loginAs(admin, ['REQUESTER'], createOrganization);
  const { createRequest } = await requester.client.ok<{ createRequest: { id: string; reference: string } }>(
    CREATE_REQUEST,
    { input: requestInput({ title, confidentiality: 'PUBLIC' }) },
  );
  await requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
  return { requester, request: createRequest };
}

async function mailRows(userId: string) {
  return withClient(async (client) => {
    const { rows } = await client.query<{
      kind: string;
      attempts: number;
      sent_at: Date | null;
      failed_at: Date | null;
      last_error: string | null;
    }>(
      'SELECT kind, attempts, sent_at, failed_at, last_error FROM mail_message WHERE user_id = $1 ORDER BY created_at',
      [userId],
    );
    return rows;
  });
}

describe('e-mail (e2e)', () => {
  describe('through an SMTP server', () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let admin: GqlClient;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      t = await startTestApp({
        SMTP_URL: smtp.url,
        MAIL_FROM: 'CI Assistance <no-reply@assistance.example>',
        MAIL_RETRY_LIMIT: '2',
        MAIL_RETRY_DELAY_SECONDS: '1',
        JOB_POLL_SECONDS: '1',
        JOB_MAINTENANCE_SECONDS: '1',
      });
      admin = await adminClient(t.url);
    });
    afterAll(async () => {
      await t.close();
      await smtp.close();
    });

    it('mails a review decision at once, with its reference, title and what to do next', async () => {
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const { requester, request } = await submittedRequest(admin, 'Grid <substation> perimeter & access');
      // The coordinators hear of the submission.
      const [submitted] = await smtp.waitFor(coordinator.email);
      expect(submitted?.subject).toContain(request.reference);
      expect(submitted?.text).toMatch(/What to do next: Review the request/);

      await coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
      const [mail] = await smtp.waitFor(requester.email);
      expect(mail?.subject).toBe(`[${request.reference}] ${request.reference} is now: Under review`);
      expect(mail?.text).toContain(`Reference: ${request.reference}`);
      expect(mail?.text).toContain('Title: Grid <substation> perimeter & access');
      expect(mail?.text).toContain('What to do next:');
      // The HTML part escapes what users wrote.
      expect(mail?.html).toContain('Grid &lt;substation&gt; perimeter &amp; access');
      expect(mail?.html).not.toContain('<substation>');
      expect(mail?.messageId).toMatch(/^<[0-9a-f-]{36}@assistance\.example>$/);
      expect(await mailRows(requester.userId)).toEqual([
        expect.objectContaining({ kind: 'REQUEST_STATUS_CHANGED', attempts: 1, sent_at: expect.any(Date) }),
      ]);
    });

    it('keeps comments for the digest unless the user asks for them at once, and sends nothing when off', async () => {
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const { requester, request } = await submittedRequest(admin, 'Water treatment plant access control');
      await coordinator.client.ok(COMMENT, { id: request.id, body: 'First question' });

      const { updateMe } = await requester.client.ok<{
        updateMe: { notificationPreferences: { kind: string; delivery: string }[] };
      }>(UPDATE_ME, {
        input: {
          notificationPreferences: [
            { kind: 'COMMENT_ADDED', delivery: 'IMMEDIATE' },
            { kind: 'REQUEST_STATUS_CHANGED', delivery: 'OFF' },
          ],
        },
      });
      expect(updateMe.notificationPreferences).toEqual(
        expect.arrayContaining([
          { kind: 'COMMENT_ADDED', delivery: 'IMMEDIATE' },
          { kind: 'REQUEST_STATUS_CHANGED', delivery: 'OFF' },
          { kind: 'MATCH_PROPOSED', delivery: 'IMMEDIATE' },
        ]),
      );
      await coordinator.client.ok(COMMENT, { id: request.id, body: 'Second question' });
      await coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
      const [comment] = await smtp.waitFor(requester.email);
      expect(comment?.subject).toBe(`[${request.reference}] New comment on ${request.reference}`);
      // One mail only: the first comment went to the digest, the review decision nowhere.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(smtp.received.filter((mail) => mail.to === requester.email.toLowerCase())).toHaveLength(1);
      expect((await mailRows(requester.userId)).map((row) => row.kind)).toEqual(['COMMENT_ADDED']);

      const unknown = await requester.client.request(UPDATE_ME, {
        input: { notificationPreferences: [{ kind: 'NO_SUCH_KIND', delivery: 'OFF' }] },
      });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(unknown.errors?.[0]?.message).toMatch(/notificationPreferences\[0\]\.kind/);
    });

    it('gathers the notifications a user takes in a digest into one mail, once, on a daily schedule', async () => {
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const { requester, request } = await submittedRequest(admin, 'Metro signalling resilience');
      await coordinator.client.ok(COMMENT, { id: request.id, body: 'A first question' });
      await coordinator.client.ok(COMMENT, { id: request.id, body: 'A second question' });
      const digests = t.app.get(DigestService);
      expect(await digests.sendDigests()).toBeGreaterThanOrEqual(1);
      const [digest] = await smtp.waitFor(requester.email);
      expect(digest?.subject).toBe('Your daily digest: 2 notifications');
      expect(digest?.text.match(new RegExp(`New comment on ${request.reference}`, 'g'))).toHaveLength(2);
      // Nothing twice: a second run finds nothing waiting for this user.
      await digests.sendDigests();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(smtp.received.filter((mail) => mail.to === requester.email.toLowerCase())).toHaveLength(1);
      const schedule = await withClient((client) =>
        client.query<{ cron: string; timezone: string }>(
          `SELECT cron, timezone FROM ${JOB_SCHEMA}.schedule WHERE name = $1`,
          [DIGEST_QUEUE],
        ),
      );
      expect(schedule.rows).toEqual([{ cron: '0 6 * * *', timezone: 'UTC' }]);
    });

    it('retries a mail the server turns away, and delivers it once', async () => {
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const { requester, request } = await submittedRequest(admin, 'Port security training');
      smtp.refuse.set(requester.email.toLowerCase(), 2);
      await coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
      const mails = await smtp.waitFor(requester.email, 1, 40_000);
      expect(mails).toHaveLength(1);
      expect(smtp.attempts.get(requester.email.toLowerCase())).toBe(3);
      expect(await mailRows(requester.userId)).toEqual([
        expect.objectContaining({
          attempts: 3,
          sent_at: expect.any(Date),
          failed_at: null,
          last_error: null,
        }),
      ]);
    }, 60_000);

    it('gives a mail up after its last attempt and marks it failed', async () => {
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const { requester, request } = await submittedRequest(admin, 'Airport screening equipment');
      smtp.refuse.set(requester.email.toLowerCase(), Infinity);
      await coordinator.client.ok(TRANSITION_REQUEST, { id: request.id, action: 'START_REVIEW' });
      const deadline = Date.now() + 45_000;
      let rows = await mailRows(requester.userId);
      while (!rows[0]?.failed_at && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        rows = await mailRows(requester.userId);
      }
      expect(rows).toEqual([
        expect.objectContaining({
          attempts: 3,
          sent_at: null,
          failed_at: expect.any(Date),
          last_error: expect.stringMatching(/451|try again later/i),
        }),
      ]);
      expect(smtp.received.filter((mail) => mail.to === requester.email.toLowerCase())).toHaveLength(0);
    }, 60_000);
  });

  it('writes each mail as an .eml file under DATA_DIR/outbox/ without SMTP_URL', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cia-outbox-'));
    const t = await startTestApp({ DATA_DIR: dataDir, JOB_POLL_SECONDS: '1' });
    try {
      const admin = await adminClient(t.url);
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const { request } = await submittedRequest(admin, 'Dam monitoring');
      const outbox = path.join(dataDir, 'outbox');
      const deadline = Date.now() + 20_000;
      let parsed: { to: string; subject: string }[] = [];
      while (Date.now() < deadline) {
        const files = await readdir(outbox).catch(() => [] as string[]);
        parsed = await Promise.all(
          files.map(async (file) => {
            const mail = await simpleParser(await readFile(path.join(outbox, file)));
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            return { to: to?.value[0]?.address ?? '', subject: mail.subject ?? '', file };
          }),
        );
        if (parsed.some((mail) => mail.to === coordinator.email)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(parsed).toContainEqual(
        expect.objectContaining({
          to: coordinator.email,
          subject: expect.stringContaining(request.reference),
        }),
      );
    } finally {
      await t.close();
    }
  });
});

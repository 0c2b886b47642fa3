/**
 * The mail guarantee across a crash (README, E-mail): the service is killed (SIGKILL) right after the
 * mail server accepted a mail and before the outbox could record it, with other mails still queued;
 * after a restart every mail is delivered, and a mail delivered twice carries the same Message-ID.
 * Runs the built service in its own process, as an operator runs it.
 */
import { adminClient, GqlClient, loginAs } from './support/client.js';
import { resetDatabase, testTarget, withClient } from './support/database.js';
import { CREATE_ORG, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';
import {
  buildService,
  type ServiceProcess,
  serviceEnv,
  startService,
  stopService,
} from './support/service.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

describe('mail across a crash (e2e)', () => {
  let smtp: TestSmtpServer;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    buildService();
    await resetDatabase();
    smtp = await startSmtpServer();
  }, 180_000);
  afterAll(async () => {
    if (service) await stopService(service, 'SIGKILL');
    await smtp.close();
  });

  it('delivers every mail after a restart, a repeated one under the same Message-ID', async () => {
    const env = serviceEnv(testTarget(), {
      SMTP_URL: smtp.url,
      JOB_POLL_SECONDS: '1',
      JOB_MAINTENANCE_SECONDS: '1',
      MAIL_SEND_TIMEOUT_SECONDS: '2',
      MAIL_RETRY_DELAY_SECONDS: '1',
    });
    service = await startService(env);
    const admin = await adminClient(service.url);
    const coordinator = await loginAs(admin, ['COORDINATOR']);
    // Five requesting States, each with a submitted request: a review decision mails each requester.
    const states: { email: string; userId: string; requestId: string }[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { createOrganization } = await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
        input: { name: `State ${i} ${crypto.randomUUID()}`, kind: 'MEMBER_STATE', memberStateCode: 'KEN' },
      });
      const requester = await loginAs(admin, ['REQUESTER'], createOrganization);
      const { createRequest } = await requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
        input: requestInput({ confidentiality: 'PUBLIC' }),
      });
      await requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
      states.push({
        email: requester.email.toLowerCase(),
        userId: requester.userId,
        requestId: createRequest.id,
      });
    }
    await smtp.waitFor(coordinator.email, 5);

    // The first review decision's mail: the service is frozen (SIGSTOP) before the server answers that
    // it accepted it, then killed, so it never records the mail as sent.
    const [victim] = states;
    const running = service;
    smtp.beforeAccepting = (mail) => {
      if (mail.to === victim?.email && running.child.exitCode === null) running.child.kill('SIGSTOP');
    };
    smtp.onAccepted = (mail) => {
      if (mail.to === victim?.email) running.child.kill('SIGKILL');
    };
    const reviewer = new GqlClient(
      service.url,
      (await new GqlClient(service.url).login(coordinator.email, coordinator.password)).accessToken,
    );
    for (const state of states) {
      // The mail may go out before the answer does: the service can be gone before it answers.
      const result = await reviewer
        .request(TRANSITION_REQUEST, { id: state.requestId, action: 'START_REVIEW' })
        .catch(() => ({ errors: ['the service is gone'] }));
      if (result.errors) break;
    }
    await service.exited();
    smtp.beforeAccepting = undefined;
    smtp.onAccepted = undefined;
    const committed = await withClient(async (client) =>
      (
        await client.query<{ to_address: string }>(
          `SELECT to_address FROM mail_message WHERE kind = 'REQUEST_STATUS_CHANGED'`,
        )
      ).rows.map((row) => row.to_address.toLowerCase()),
    );
    expect(committed).toContain(victim?.email);

    service = await startService(env);
    for (const email of committed) await smtp.waitFor(email, 1, 60_000);
    // The victim's mail once more, once its interrupted attempt has timed out.
    await smtp.waitFor(victim?.email ?? '', 2, 60_000);
    const rows = await withClient(
      async (client) =>
        (
          await client.query<{ to_address: string; sent_at: Date | null; failed_at: Date | null }>(
            `SELECT to_address, sent_at, failed_at FROM mail_message WHERE kind = 'REQUEST_STATUS_CHANGED'`,
          )
        ).rows,
    );
    expect(rows.every((row) => row.sent_at !== null && row.failed_at === null)).toBe(true);
    // At least once, and a repeat is the same message: the victim's mail came twice.
    expect(smtp.received.filter((mail) => mail.to === victim?.email)).toHaveLength(2);
    let repeated = 0;
    for (const email of committed) {
      const arrived = smtp.received.filter((mail) => mail.to === email);
      expect(arrived.length).toBeGreaterThanOrEqual(1);
      expect(new Set(arrived.map((mail) => mail.messageId)).size).toBe(1);
      repeated += arrived.length - 1;
    }
    console.log(
      `mail across a crash: ${committed.length} review mails committed, all delivered after the restart; ${repeated} delivered twice (same Message-ID)`,
    );
  }, 240_000);
});

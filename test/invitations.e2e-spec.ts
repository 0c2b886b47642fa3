import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient, loginAs } from './support/client.js';
import { withClient } from './support/database.js';
import { CREATE_ORG } from './support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { id email roles organizationId expiresAt } }`;
const ACCEPT = `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { accessToken user { id email roles organization { id } } } }`;
const REQUEST_RESET = `mutation($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
const ME = `{ me { id email } }`;

const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;
/** The one-time token a mail carries. */
const tokenIn = (text: string | undefined) => /token: "([^"]+)"/.exec(text ?? '')?.[1] ?? '';

describe('invitations and password resets (e2e)', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: GqlClient;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url, JOB_POLL_SECONDS: '1', JOB_MAINTENANCE_SECONDS: '1' });
    admin = await adminClient(t.url);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function organization(code = 'KEN') {
    const { createOrganization } = await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
      input: { name: `State ${crypto.randomUUID()}`, kind: 'MEMBER_STATE', memberStateCode: code },
    });
    return createOrganization;
  }
  const address = () => `invitee-${crypto.randomUUID()}@example.org`;

  it('lets an invited person set a password from the mail, once, and signs them in', async () => {
    const email = address();
    const { inviteUser } = await admin.ok<{
      inviteUser: { email: string; roles: string[]; expiresAt: string };
    }>(INVITE, {
      input: { email: email.toUpperCase(), displayName: 'New Coordinator', roles: ['COORDINATOR'] },
    });
    expect(inviteUser).toEqual(expect.objectContaining({ email, roles: ['COORDINATOR'] }));
    const hours = (Date.parse(inviteUser.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);

    const [mail] = await smtp.waitFor(email);
    const token = tokenIn(mail?.text);
    const accepted = await new GqlClient(t.url).ok<{
      acceptInvitation: { accessToken: string; user: { email: string; roles: string[] } };
    }>(ACCEPT, { t: token, p: 'my-own-long-password' });
    expect(accepted.acceptInvitation.user).toEqual(
      expect.objectContaining({ email, roles: ['COORDINATOR'] }),
    );
    await new GqlClient(t.url, accepted.acceptInvitation.accessToken).ok(ME);
    await new GqlClient(t.url).login(email, 'my-own-long-password');
    // Spent on use.
    expect(codeOf(await new GqlClient(t.url).request(ACCEPT, { t: token, p: 'another-long-password' }))).toBe(
      'BAD_USER_INPUT',
    );
    // The token is kept in the outbox only until its mail is done.
    const bodies = await withClient((client) =>
      client.query<{ text_body: string; html_body: string }>(
        `SELECT text_body, html_body FROM mail_message WHERE to_address = $1`,
        [email],
      ),
    );
    expect(JSON.stringify(bodies.rows)).not.toContain(token);
    expect(bodies.rows[0]?.text_body).toContain('[token erased once the mail was done]');
    // The address has an account now.
    expect(
      codeOf(await admin.request(INVITE, { input: { email, displayName: 'Again', roles: ['COORDINATOR'] } })),
    ).toBe('CONFLICT');
  });

  it('replaces the token of a pending invitation when inviting again, and refuses an expired one', async () => {
    const email = address();
    const input = { email, displayName: 'Observer', roles: ['CTC_OBSERVER'] };
    await admin.ok(INVITE, { input });
    const [first] = await smtp.waitFor(email);
    await admin.ok(INVITE, { input });
    const mails = await smtp.waitFor(email, 2);
    const second = mails[1];
    expect(
      codeOf(
        await new GqlClient(t.url).request(ACCEPT, { t: tokenIn(first?.text), p: 'long-enough-password' }),
      ),
    ).toBe('BAD_USER_INPUT');
    await withClient((client) =>
      client.query(`UPDATE invitation SET expires_at = now() - interval '1 second' WHERE email = $1`, [
        email,
      ]),
    );
    const expired = await new GqlClient(t.url).request(ACCEPT, {
      t: tokenIn(second?.text),
      p: 'long-enough-password',
    });
    expect(codeOf(expired)).toBe('BAD_USER_INPUT');
    expect(expired.errors?.[0]?.message).toMatch(/^token: /);
    expect(
      codeOf(await new GqlClient(t.url).request(ACCEPT, { t: 'garbage', p: 'long-enough-password' })),
    ).toBe('BAD_USER_INPUT');
  });

  it('lets a focal point invite into their own organization with their own roles only', async () => {
    const kenya = await organization('KEN');
    const peru = await organization('PER');
    const focal = await loginAs(admin, ['REQUESTER'], kenya);
    const colleague = address();
    await focal.client.ok(INVITE, {
      input: { email: colleague, displayName: 'Colleague', roles: ['REQUESTER'], organizationId: kenya.id },
    });
    const [mail] = await smtp.waitFor(colleague);
    const { acceptInvitation } = await new GqlClient(t.url).ok<{
      acceptInvitation: { user: { organization: { id: string }; roles: string[] } };
    }>(ACCEPT, { t: tokenIn(mail?.text), p: 'colleague-long-password' });
    expect(acceptInvitation.user).toEqual({
      id: expect.any(String),
      email: colleague,
      roles: ['REQUESTER'],
      organization: { id: kenya.id },
    });

    const refused = async (input: Record<string, unknown>, client = focal.client) =>
      codeOf(await client.request(INVITE, { input: { email: address(), displayName: 'X', ...input } }));
    expect(await refused({ roles: ['REQUESTER'], organizationId: peru.id })).toBe('FORBIDDEN');
    expect(await refused({ roles: ['COORDINATOR'], organizationId: kenya.id })).toBe('FORBIDDEN');
    expect(await refused({ roles: ['CTC_OBSERVER'], organizationId: kenya.id })).toBe('FORBIDDEN');
    const coordinator = await loginAs(admin, ['COORDINATOR']);
    expect(await refused({ roles: ['COORDINATOR'] }, coordinator.client)).toBe('FORBIDDEN');
    expect(await refused({ roles: ['REQUESTER'] }, admin)).toBe('BAD_USER_INPUT');
    expect(
      await refused({ displayName: 'Line one\nLine two', roles: ['REQUESTER'], organizationId: kenya.id }),
    ).toBe('BAD_USER_INPUT');
    // A pending invitation from another organization is not taken over by inviting the same address.
    const wanted = address();
    await admin.ok(INVITE, {
      input: { email: wanted, displayName: 'Coordinator to be', roles: ['COORDINATOR'] },
    });
    expect(
      codeOf(
        await focal.client.request(INVITE, {
          input: { email: wanted, displayName: 'Mine now', roles: ['REQUESTER'], organizationId: kenya.id },
        }),
      ),
    ).toBe('CONFLICT');
    expect(await refused({ email: 'not an address', roles: ['COORDINATOR'] }, admin)).toBe('BAD_USER_INPUT');
  });

  it('sends a reset link only to a known account, at most 3 a day, and the reset ends every sign-in', async () => {
    const user = await loginAs(admin, ['COORDINATOR']);
    const other = new GqlClient(t.url);
    await other.login(user.email, user.password);
    const unknown = address();
    expect(await new GqlClient(t.url).ok(REQUEST_RESET, { e: unknown })).toEqual({
      requestPasswordReset: true,
    });
    expect(await new GqlClient(t.url).ok(REQUEST_RESET, { e: user.email })).toEqual({
      requestPasswordReset: true,
    });
    const [mail] = await smtp.waitFor(user.email);

    expect(
      await new GqlClient(t.url).ok(RESET, { t: tokenIn(mail?.text), p: 'a-brand-new-password' }),
    ).toEqual({
      resetPassword: true,
    });
    expect(codeOf(await user.client.request(ME))).toBe('UNAUTHENTICATED');
    expect(codeOf(await other.request(ME))).toBe('UNAUTHENTICATED');
    await expect(new GqlClient(t.url).login(user.email, user.password)).rejects.toThrow(
      /Invalid e-mail or password/,
    );
    await new GqlClient(t.url).login(user.email, 'a-brand-new-password');
    expect(
      codeOf(
        await new GqlClient(t.url).request(RESET, { t: tokenIn(mail?.text), p: 'yet-another-password' }),
      ),
    ).toBe('BAD_USER_INPUT');

    // A reset spends every open link of the account, not only the one used.
    await new GqlClient(t.url).ok(REQUEST_RESET, { e: user.email });
    await new GqlClient(t.url).ok(REQUEST_RESET, { e: user.email });
    const links = await smtp.waitFor(user.email, 3);
    await new GqlClient(t.url).ok(RESET, { t: tokenIn(links[1]?.text), p: 'the-third-password-here' });
    expect(
      codeOf(
        await new GqlClient(t.url).request(RESET, { t: tokenIn(links[2]?.text), p: 'a-fourth-password-x' }),
      ),
    ).toBe('BAD_USER_INPUT');

    // Three links a day: the three above; later requests send nothing.
    for (let i = 0; i < 2; i += 1) await new GqlClient(t.url).ok(REQUEST_RESET, { e: user.email });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(smtp.received.filter((m) => m.to === user.email.toLowerCase())).toHaveLength(3);
    expect(smtp.received.some((m) => m.to === unknown)).toBe(false);
  });

  it('takes one credential field per document, so aliases cannot buy many hashes or mails', async () => {
    const doubled = await new GqlClient(t.url).request(
      `mutation { a: requestPasswordReset(email: "a@example.org") b: requestPasswordReset(email: "b@example.org") }`,
    );
    expect(codeOf(doubled)).toBe('QUERY_TOO_COMPLEX');
    const mixed = await new GqlClient(t.url).request(
      `mutation { a: resetPassword(token: "x", newPassword: "long-enough-password") b: acceptInvitation(token: "y", password: "long-enough-password") { accessToken } }`,
    );
    expect(codeOf(mixed)).toBe('QUERY_TOO_COMPLEX');
  });
});

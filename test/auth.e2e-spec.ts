import { createHmac } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { LOGIN_FAILURE_LIMIT } from '../src/auth/auth.service.js';
import { ADMIN, startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient, LOGIN, loginAs } from './support/client.js';
import { withClient } from './support/database.js';
import { CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';

const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken expiresIn user { id } } }`;
const LOGOUT = `mutation($t: String!) { logout(refreshToken: $t) }`;
const ME = `{ me { id email roles organization { id } } }`;

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signJwt(claims: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const body = `${base64url(header)}.${base64url(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('authentication (e2e)', () => {
  let t: TestApp;
  let anonymous: GqlClient;
  let admin: GqlClient;

  beforeAll(async () => {
    t = await startTestApp();
    anonymous = new GqlClient(t.url);
    admin = await adminClient(t.url);
  });
  afterAll(() => t.close());

  describe('successful', () => {
    it('signs in the bootstrap admin with a short-lived access token and a refresh token', async () => {
      const login = await new GqlClient(t.url).login(ADMIN.email, ADMIN.password);
      expect(login.user).toMatchObject({ email: ADMIN.email, roles: ['ADMIN'] });
      expect(login.expiresIn).toBeGreaterThan(0);
      expect(login.expiresIn).toBeLessThanOrEqual(3600);
      const [, payload] = login.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(claims).toMatchObject({ sub: login.user.id, iss: 'ci-assistance', aud: 'ci-assistance-api' });
      expect((claims.exp as number) - (claims.iat as number)).toBe(login.expiresIn);
    });

    it('accepts the e-mail in any case and with surrounding spaces', async () => {
      const login = await new GqlClient(t.url).login(`  ${ADMIN.email.toUpperCase()} `, ADMIN.password);
      expect(login.user.email).toBe(ADMIN.email);
    });

    it('answers me for the signed-in user', async () => {
      const data = await admin.ok<{ me: { email: string; roles: string[] } }>(ME);
      expect(data.me).toMatchObject({ email: ADMIN.email, roles: ['ADMIN'], organization: null });
    });

    it('rotates refresh tokens: each use gives a new pair and spends the old token', async () => {
      const first = await new GqlClient(t.url).login(ADMIN.email, ADMIN.password);
      const second = await anonymous.ok<{ refreshToken: { refreshToken: string; accessToken: string } }>(
        REFRESH,
        {
          t: first.refreshToken,
        },
      );
      expect(second.refreshToken.refreshToken).not.toBe(first.refreshToken);
      const me = await anonymous.withToken(second.refreshToken.accessToken).ok<{ me: { email: string } }>(ME);
      expect(me.me.email).toBe(ADMIN.email);
      const third = await anonymous.ok<{ refreshToken: { refreshToken: string } }>(REFRESH, {
        t: second.refreshToken.refreshToken,
      });
      expect(third.refreshToken.refreshToken).toBeTruthy();
    });

    it('logs out: the refresh token and its successors stop working', async () => {
      const session = new GqlClient(t.url);
      const login = await session.login(ADMIN.email, ADMIN.password);
      expect(await session.ok(LOGOUT, { t: login.refreshToken })).toEqual({ logout: true });
      expect(await anonymous.errorCode(REFRESH, { t: login.refreshToken })).toBe('UNAUTHENTICATED');
    });

    it('records sign-ins, failures and logouts in the audit chain', async () => {
      const user = await loginAs(admin, ['COORDINATOR']);
      await anonymous.request(LOGIN, { input: { email: user.email, password: 'wrong password!!' } });
      const trail = await admin.ok<{ auditTrail: { action: string; actor: { id: string } | null }[] }>(
        `query($id: ID!) { auditTrail(entityId: $id) { action actor { id } } }`,
        { id: user.userId },
      );
      expect(trail.auditTrail.map((e) => e.action)).toEqual([
        'USER_CREATED',
        'LOGIN_SUCCEEDED',
        'LOGIN_FAILED',
      ]);
      expect(trail.auditTrail[1]?.actor?.id).toBe(user.userId);
    });
  });

  describe('failing', () => {
    it('says the same thing for an unknown account and a wrong password', async () => {
      const unknown = await anonymous.request(LOGIN, {
        input: { email: 'nobody@example.org', password: 'x'.repeat(14) },
      });
      const wrong = await anonymous.request(LOGIN, {
        input: { email: ADMIN.email, password: 'x'.repeat(14) },
      });
      expect(unknown.errors?.[0]).toMatchObject({
        message: 'Invalid e-mail or password',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
      expect(wrong.errors?.[0]?.extensions).toEqual(unknown.errors?.[0]?.extensions);
    });

    it(`throttles an account after ${LOGIN_FAILURE_LIMIT} failures with RATE_LIMITED, even the right password`, async () => {
      const user = await loginAs(admin, ['PROVIDER'], await organization(admin, 'PRIVATE_SECTOR'));
      for (let i = 0; i < LOGIN_FAILURE_LIMIT; i += 1) {
        expect(
          await anonymous.errorCode(LOGIN, { input: { email: user.email, password: `wrong-password-${i}` } }),
        ).toBe('UNAUTHENTICATED');
      }
      expect(
        await anonymous.errorCode(LOGIN, { input: { email: user.email, password: user.password } }),
      ).toBe('RATE_LIMITED');
      // Another account is not affected.
      expect((await new GqlClient(t.url).login(ADMIN.email, ADMIN.password)).user.email).toBe(ADMIN.email);
    });

    it('checks at most the failure budget of 30 wrong passwords sent at once; the rest are RATE_LIMITED', async () => {
      const user = await loginAs(admin, ['PROVIDER'], await organization(admin, 'PRIVATE_SECTOR'));
      const codes = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          anonymous.errorCode(LOGIN, { input: { email: user.email, password: `wrong-password-${i}` } }),
        ),
      );
      expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(LOGIN_FAILURE_LIMIT);
      expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(30 - LOGIN_FAILURE_LIMIT);
      // Each password checked left one LOGIN_FAILED event; none beyond the budget.
      const trail = await admin.ok<{ auditTrail: { action: string }[] }>(
        `query($id: ID!) { auditTrail(entityId: $id) { action } }`,
        { id: user.userId },
      );
      expect(trail.auditTrail.filter((e) => e.action === 'LOGIN_FAILED')).toHaveLength(LOGIN_FAILURE_LIMIT);
    });

    it('revokes the whole family when a spent refresh token is presented again', async () => {
      const login = await new GqlClient(t.url).login(ADMIN.email, ADMIN.password);
      const rotated = await anonymous.ok<{ refreshToken: { refreshToken: string } }>(REFRESH, {
        t: login.refreshToken,
      });
      // Someone replays the spent token: refused, and the legitimate successor dies with it.
      expect(await anonymous.errorCode(REFRESH, { t: login.refreshToken })).toBe('UNAUTHENTICATED');
      expect(await anonymous.errorCode(REFRESH, { t: rotated.refreshToken.refreshToken })).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('ends the access tokens of a sign-in at logout, and only of that sign-in', async () => {
      const session = new GqlClient(t.url);
      const login = await session.login(ADMIN.email, ADMIN.password);
      const otherSession = new GqlClient(t.url);
      await otherSession.login(ADMIN.email, ADMIN.password);
      expect((await session.ok<{ me: { email: string } }>(ME)).me.email).toBe(ADMIN.email);
      expect(await session.ok(LOGOUT, { t: login.refreshToken })).toEqual({ logout: true });
      expect(await session.errorCode(ME)).toBe('UNAUTHENTICATED');
      expect((await otherSession.ok<{ me: { email: string } }>(ME)).me.email).toBe(ADMIN.email);
    });

    it('ends the access tokens of the whole family when a spent refresh token is presented again', async () => {
      const login = await new GqlClient(t.url).login(ADMIN.email, ADMIN.password);
      const rotated = await anonymous.ok<{ refreshToken: { refreshToken: string; accessToken: string } }>(
        REFRESH,
        { t: login.refreshToken },
      );
      const successor = anonymous.withToken(rotated.refreshToken.accessToken);
      expect((await successor.ok<{ me: { email: string } }>(ME)).me.email).toBe(ADMIN.email);
      expect(await anonymous.errorCode(REFRESH, { t: login.refreshToken })).toBe('UNAUTHENTICATED');
      expect(await successor.errorCode(ME)).toBe('UNAUTHENTICATED');
      expect(await anonymous.withToken(login.accessToken).errorCode(ME)).toBe('UNAUTHENTICATED');
    });

    it('keeps a logged-out sign-in refused after a restart', async () => {
      const session = new GqlClient(t.url);
      const login = await session.login(ADMIN.email, ADMIN.password);
      await session.ok(LOGOUT, { t: login.refreshToken });
      const restarted = await startTestApp({}, { reset: false });
      try {
        expect(await new GqlClient(restarted.url, login.accessToken).errorCode(ME)).toBe('UNAUTHENTICATED');
        expect((await new GqlClient(restarted.url, admin.token).request(ME)).errors).toBeUndefined();
      } finally {
        await restarted.close();
      }
    });

    it('refuses subscriptions of a revoked sign-in and stops delivering to those already open', async () => {
      const kenya = await organization(admin, 'MEMBER_STATE', 'KEN');
      const requester = await loginAs(admin, ['REQUESTER'], kenya);
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const session = new GqlClient(t.url);
      const login = await session.login(requester.email, requester.password);
      const wsUrl = `${t.url.replace('http', 'ws')}/graphql`;
      const live = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${login.accessToken}` },
        retryAttempts: 0,
      });
      const events: { data?: unknown; errors?: { extensions?: { code?: string } }[] }[] = [];
      let eventArrived: () => void = () => undefined;
      await new Promise<void>((resolve, reject) => {
        live.on('connected', () => setTimeout(resolve, 100)); // the subscription registers meanwhile
        live.subscribe(
          { query: 'subscription { notificationAdded { kind subjectId } }' },
          {
            next: (value) => {
              events.push(value as (typeof events)[number]);
              eventArrived();
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await session.ok(LOGOUT, { t: login.refreshToken });
      const arrived = new Promise<void>((resolve) => (eventArrived = resolve));
      const { createRequest } = await requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
        input: requestInput(),
      });
      await requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
      await coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'START_REVIEW' });
      await arrived;
      await live.dispose();
      expect(events).toEqual([
        expect.objectContaining({
          errors: [
            expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
          ],
        }),
      ]);

      const late = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${login.accessToken}` },
        retryAttempts: 0,
      });
      // Its token is refused at connection_init, like any invalid token: no connection, no event.
      const refused = await new Promise<{ outcome: string }>((resolve) => {
        late.subscribe(
          { query: 'subscription { notificationAdded { kind } }' },
          {
            next: () => resolve({ outcome: 'event' }),
            error: () => resolve({ outcome: 'refused' }),
            complete: () => resolve({ outcome: 'complete' }),
          },
        );
      });
      await late.dispose();
      expect(refused).toEqual({ outcome: 'refused' });
    });

    it('refuses malformed, unknown and expired refresh tokens alike', async () => {
      expect(await anonymous.errorCode(REFRESH, { t: 'garbage' })).toBe('UNAUTHENTICATED');
      expect(await anonymous.errorCode(REFRESH, { t: `${crypto.randomUUID()}.${'a'.repeat(43)}` })).toBe(
        'UNAUTHENTICATED',
      );
      const login = await new GqlClient(t.url).login(ADMIN.email, ADMIN.password);
      const id = login.refreshToken.split('.')[0];
      await withClient((c) =>
        c.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]),
      );
      expect(await anonymous.errorCode(REFRESH, { t: login.refreshToken })).toBe('UNAUTHENTICATED');
    });

    it("does not log out someone else's sign-in", async () => {
      const other = await new GqlClient(t.url).login(ADMIN.email, ADMIN.password);
      const user = await loginAs(admin, ['COORDINATOR']);
      expect(await user.client.ok(LOGOUT, { t: other.refreshToken })).toEqual({ logout: false });
      expect((await anonymous.request(REFRESH, { t: other.refreshToken })).errors).toBeUndefined();
    });

    it('answers a login with an impossible account name like any failed login', async () => {
      for (const email of ['admin@example.org\u0000', 'x'.repeat(300)]) {
        const result = await anonymous.request(LOGIN, { input: { email, password: 'whatever-password' } });
        expect(result.errors?.[0]).toMatchObject({
          message: 'Invalid e-mail or password',
          extensions: { code: 'UNAUTHENTICATED' },
        });
      }
    });

    it('refuses logout without an access token', async () => {
      expect(await anonymous.errorCode(LOGOUT, { t: 'x' })).toBe('UNAUTHENTICATED');
    });

    it('refuses forged, tampered, expired, wrong-audience and alg=none access tokens', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: crypto.randomUUID(),
        roles: ['ADMIN'],
        org: null,
        iss: 'ci-assistance',
        aud: 'ci-assistance-api',
        iat: now,
        exp: now + 600,
      };
      const secret = 'test-signing-key-of-at-least-32-bytes!!';
      expect(
        (await anonymous.withToken(signJwt(claims, secret)).request('{ __typename }')).errors,
      ).toBeUndefined();
      const forged = signJwt(claims, 'another-key-another-key-another-key!!');
      const expired = signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, secret);
      const wrongAudience = signJwt({ ...claims, aud: 'someone-else' }, secret);
      const wrongIssuer = signJwt({ ...claims, iss: 'someone-else' }, secret);
      const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
      const badRole = signJwt({ ...claims, roles: ['SUPERUSER'] }, secret);
      // Well signed, but without the sign-in family it belongs to: it could never be revoked.
      const adminId = (await admin.ok<{ me: { id: string } }>(ME)).me.id;
      const familyless = signJwt({ ...claims, sub: adminId }, secret);
      const valid = admin.token ?? '';
      const tampered = `${valid.split('.')[0]}.${base64url({ ...claims, roles: ['ADMIN'] })}.${valid.split('.')[2]}`;
      for (const token of [
        forged,
        expired,
        wrongAudience,
        wrongIssuer,
        none,
        badRole,
        familyless,
        tampered,
        'not-a-jwt',
      ]) {
        expect(await anonymous.withToken(token).errorCode(ME)).toBe('UNAUTHENTICATED');
      }
    });
  });
});

async function organization(
  admin: GqlClient,
  kind: string,
  memberStateCode?: string,
): Promise<{ id: string }> {
  const data = await admin.ok<{ createOrganization: { id: string } }>(
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
    { input: { name: `Organization ${crypto.randomUUID()}`, kind, memberStateCode } },
  );
  return data.createOrganization;
}

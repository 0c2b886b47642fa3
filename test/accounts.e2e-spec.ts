import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient, loginAs } from './support/client.js';
import { CREATE_ORG, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';

const ME = `{ me { id displayName preferredLanguage active deactivatedAt } }`;
const CHANGE_PASSWORD = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { id active deactivatedAt } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateUser(id: $id) { id active deactivatedAt } }`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`;
const USERS = `query($filter: UserFilter, $first: Int, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id email roles active organization { id } }
  }
}`;
type Users = {
  users: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: {
      id: string;
      email: string;
      roles: string[];
      active: boolean;
      organization: { id: string } | null;
    }[];
  };
};

const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;

describe('accounts (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t.url);
  });
  afterAll(() => t.close());

  async function organization(kind = 'MEMBER_STATE', memberStateCode: string | null = 'KEN') {
    const { createOrganization } = await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
      input: { name: `Organization ${crypto.randomUUID()}`, kind, memberStateCode },
    });
    return createOrganization;
  }

  describe('changePassword', () => {
    it('changes the password, ends every other sign-in at once and keeps this one', async () => {
      const user = await loginAs(admin, ['COORDINATOR']);
      const other = new GqlClient(t.url);
      const otherSignIn = await other.login(user.email, user.password);
      const next = 'a-new-password-long-enough';

      expect(await user.client.ok(CHANGE_PASSWORD, { c: user.password, n: next })).toEqual({
        changePassword: true,
      });
      // This sign-in goes on; the other one's access and refresh tokens are refused at once.
      await user.client.ok(ME);
      expect(codeOf(await other.request(ME))).toBe('UNAUTHENTICATED');
      expect(codeOf(await new GqlClient(t.url).request(REFRESH, { t: otherSignIn.refreshToken }))).toBe(
        'UNAUTHENTICATED',
      );
      // The old password no longer signs in; the new one does.
      await expect(new GqlClient(t.url).login(user.email, user.password)).rejects.toThrow(
        /Invalid e-mail or password/,
      );
      await new GqlClient(t.url).login(user.email, next);
    });

    it('refuses a wrong current password, a short or unchanged new one, with the field named', async () => {
      const user = await loginAs(admin, ['COORDINATOR']);
      const wrong = await user.client.request(CHANGE_PASSWORD, {
        c: 'not-the-password-at-all',
        n: 'another-long-password',
      });
      expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
      expect(wrong.errors?.[0]?.message).toMatch(/currentPassword/);
      const short = await user.client.request(CHANGE_PASSWORD, { c: user.password, n: 'short' });
      expect(codeOf(short)).toBe('BAD_USER_INPUT');
      expect(short.errors?.[0]?.message).toMatch(/newPassword/);
      const same = await user.client.request(CHANGE_PASSWORD, { c: user.password, n: user.password });
      expect(codeOf(same)).toBe('BAD_USER_INPUT');
      // Nothing changed: the password still signs in.
      await new GqlClient(t.url).login(user.email, user.password);
    });

    it('counts wrong current passwords against the account like failed sign-ins', async () => {
      const user = await loginAs(admin, ['COORDINATOR']);
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 11; i += 1) {
        codes.push(
          codeOf(
            await user.client.request(CHANGE_PASSWORD, {
              c: `wrong-guess-number-${i}`,
              n: 'another-long-password',
            }),
          ),
        );
      }
      expect(codes.slice(0, 10).every((code) => code === 'BAD_USER_INPUT')).toBe(true);
      expect(codes[10]).toBe('RATE_LIMITED');
    });

    it('is refused without a sign-in', async () => {
      expect(
        codeOf(await new GqlClient(t.url).request(CHANGE_PASSWORD, { c: 'x', n: 'another-long-password' })),
      ).toBe('UNAUTHENTICATED');
    });
  });

  describe('deactivation', () => {
    it('stops the user at once, keeps what they wrote, and reactivation lets them sign in again', async () => {
      const kenya = await organization();
      const requester = await loginAs(admin, ['REQUESTER'], kenya);
      const session = new GqlClient(t.url);
      const signIn = await session.login(requester.email, requester.password);
      const { createRequest } = await requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
        input: requestInput({ title: 'Written before leaving' }),
      });

      const deactivated = await admin.ok<{ deactivateUser: { active: boolean; deactivatedAt: string } }>(
        DEACTIVATE,
        {
          id: requester.userId,
        },
      );
      expect(deactivated.deactivateUser).toEqual({
        id: requester.userId,
        active: false,
        deactivatedAt: expect.any(String),
      });
      // Every live access token and refresh token of theirs is refused from now on.
      expect(codeOf(await requester.client.request(ME))).toBe('UNAUTHENTICATED');
      expect(codeOf(await session.request(ME))).toBe('UNAUTHENTICATED');
      expect(codeOf(await new GqlClient(t.url).request(REFRESH, { t: signIn.refreshToken }))).toBe(
        'UNAUTHENTICATED',
      );
      // Signing in says why, and only to whoever knows the password.
      await expect(new GqlClient(t.url).login(requester.email, requester.password)).rejects.toThrow(
        /deactivated/,
      );
      await expect(new GqlClient(t.url).login(requester.email, 'wrong-password-entirely')).rejects.toThrow(
        /Invalid e-mail or password/,
      );
      const reactivated = await admin.ok<{ reactivateUser: { active: boolean } }>(REACTIVATE, {
        id: requester.userId,
      });
      expect(reactivated.reactivateUser).toEqual({ id: requester.userId, active: true, deactivatedAt: null });
      const back = new GqlClient(t.url);
      await back.login(requester.email, requester.password);
      // What they wrote while active is all there, their draft included.
      const mine = await back.ok<{ requests: { nodes: { id: string; title: string }[] } }>(
        `{ requests(first: 50) { nodes { id title } } }`,
      );
      expect(mine.requests.nodes).toContainEqual({ id: createRequest.id, title: 'Written before leaving' });
    });

    it('shows a deactivated author as inactive wherever they appear, to those who manage the account', async () => {
      const kenya = await organization();
      const requester = await loginAs(admin, ['REQUESTER'], kenya);
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const { createRequest } = await requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
        input: requestInput({ confidentiality: 'PUBLIC' }),
      });
      await requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
      await coordinator.client.ok(`mutation($id: ID!) { addComment(subjectId: $id, body: "Noted") { id } }`, {
        id: createRequest.id,
      });
      await admin.ok(DEACTIVATE, { id: coordinator.userId });
      const THREAD = `query($id: ID!) { request(id: $id) { comments { author { id active deactivatedAt } } } }`;
      const LISTED = `{ requests(first: 100) { nodes { id comments { author { id active deactivatedAt } } } } }`;
      const inactive = { id: coordinator.userId, active: false, deactivatedAt: expect.any(String) };
      const { request } = await admin.ok<{ request: { comments: { author: unknown }[] } }>(THREAD, {
        id: createRequest.id,
      });
      expect(request.comments).toEqual([{ author: inactive }]);
      const { requests } = await admin.ok<{
        requests: { nodes: { id: string; comments: { author: unknown }[] }[] };
      }>(LISTED);
      expect(requests.nodes.find((node) => node.id === createRequest.id)?.comments).toEqual([
        { author: inactive },
      ]);
      // Someone who does not manage the account does not learn who left, or when.
      const seenByRequester = await requester.client.ok<{ request: { comments: { author: unknown }[] } }>(
        THREAD,
        {
          id: createRequest.id,
        },
      );
      expect(seenByRequester.request.comments).toEqual([
        { author: { id: coordinator.userId, active: null, deactivatedAt: null } },
      ]);
      await admin.ok(REACTIVATE, { id: coordinator.userId });
    });

    it('is for ADMINs, never of oneself, and never of the last active ADMIN', async () => {
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      const target = await loginAs(admin, ['COORDINATOR']);
      expect(codeOf(await coordinator.client.request(DEACTIVATE, { id: target.userId }))).toBe('FORBIDDEN');
      const { me } = await admin.ok<{ me: { id: string } }>(ME);
      expect(codeOf(await admin.request(DEACTIVATE, { id: me.id }))).toBe('FORBIDDEN');

      // A second ADMIN may deactivate the first only while another active ADMIN remains.
      const second = await loginAs(admin, ['ADMIN']);
      const { users } = await admin.ok<Users>(USERS, { filter: { role: 'ADMIN', active: true }, first: 100 });
      const others = users.nodes.filter((user) => user.id !== me.id && user.id !== second.userId);
      for (const other of others) await admin.ok(DEACTIVATE, { id: other.id });
      await second.client.ok(DEACTIVATE, { id: me.id });
      const refused = await second.client.request(DEACTIVATE, { id: second.userId });
      expect(codeOf(refused)).toBe('FORBIDDEN');
      // Put things back for the other tests.
      await second.client.ok(REACTIVATE, { id: me.id });
      admin = await adminClient(t.url);
      for (const other of others) await admin.ok(REACTIVATE, { id: other.id });
      expect(codeOf(await admin.request(DEACTIVATE, { id: crypto.randomUUID() }))).toBe('NOT_FOUND');
      expect(codeOf(await admin.request(DEACTIVATE, { id: 'not-an-id' }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('directory', () => {
    it("lists every user for an ADMIN, their own organization's for a focal point, nobody's for others", async () => {
      const kenya = await organization();
      const peru = await organization('MEMBER_STATE', 'PER');
      const focal = await loginAs(admin, ['REQUESTER'], kenya);
      const colleague = await loginAs(admin, ['REQUESTER'], kenya);
      const foreigner = await loginAs(admin, ['REQUESTER'], peru);
      await admin.ok(DEACTIVATE, { id: colleague.userId });

      const own = await focal.client.ok<Users>(USERS, {});
      expect(own.users.nodes.map((user) => user.id).sort()).toEqual([focal.userId, colleague.userId].sort());
      expect(own.users.totalCount).toBe(2);
      const active = await focal.client.ok<Users>(USERS, { filter: { active: true } });
      expect(active.users.nodes.map((user) => user.id)).toEqual([focal.userId]);
      expect(codeOf(await focal.client.request(USERS, { filter: { organizationId: peru.id } }))).toBe(
        'FORBIDDEN',
      );

      const all = await admin.ok<Users>(USERS, { filter: { organizationId: peru.id } });
      expect(all.users.nodes.map((user) => user.id)).toEqual([foreigner.userId]);
      // Pages of one go through everything, newest first, with no repeats.
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: Users = await admin.ok<Users>(USERS, { first: 2, after });
        seen.push(...page.users.nodes.map((user) => user.id));
        after = page.users.pageInfo.hasNextPage ? page.users.pageInfo.endCursor : null;
      } while (after);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining([focal.userId, colleague.userId, foreigner.userId]));

      const coordinator = await loginAs(admin, ['COORDINATOR']);
      expect(codeOf(await coordinator.client.request(USERS, {}))).toBe('FORBIDDEN');
      expect(codeOf(await admin.request(USERS, { filter: { organizationId: 'nope' } }))).toBe(
        'BAD_USER_INPUT',
      );
      await admin.ok(REACTIVATE, { id: colleague.userId });
    });
  });

  describe('updateMe and updateOrganization', () => {
    it('changes your own display name and language, and nothing when given nothing', async () => {
      const user = await loginAs(admin, ['COORDINATOR']);
      const UPDATE_ME = `mutation($input: UpdateMeInput!) { updateMe(input: $input) { displayName preferredLanguage } }`;
      // Not chosen yet: the request's Accept-Language, else English, applies.
      expect(
        (await user.client.ok<{ me: { preferredLanguage: string } }>(ME)).me.preferredLanguage,
      ).toBeNull();
      expect(
        await user.client.ok(UPDATE_ME, { input: { displayName: '  Amina  ', preferredLanguage: 'FR' } }),
      ).toEqual({
        updateMe: { displayName: 'Amina', preferredLanguage: 'FR' },
      });
      expect(await user.client.ok(UPDATE_ME, { input: {} })).toEqual({
        updateMe: { displayName: 'Amina', preferredLanguage: 'FR' },
      });
      expect(codeOf(await user.client.request(UPDATE_ME, { input: { displayName: '   ' } }))).toBe(
        'BAD_USER_INPUT',
      );
      expect(
        codeOf(await user.client.request(UPDATE_ME, { input: { displayName: 'Amina\n\nVerify at x' } })),
      ).toBe('BAD_USER_INPUT');
      expect(codeOf(await user.client.request(UPDATE_ME, { input: { preferredLanguage: 'DE' } }))).toBe(
        'BAD_USER_INPUT',
      );
    });

    it('renames an organization (ADMIN only), keeping names unique', async () => {
      const UPDATE_ORG = `mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id name } }`;
      const first = await organization('UN_ENTITY', null);
      const second = await organization('UN_ENTITY', null);
      const name = `Renamed ${crypto.randomUUID()}`;
      expect(await admin.ok(UPDATE_ORG, { id: first.id, input: { name } })).toEqual({
        updateOrganization: { id: first.id, name },
      });
      expect(codeOf(await admin.request(UPDATE_ORG, { id: second.id, input: { name } }))).toBe('CONFLICT');
      expect(codeOf(await admin.request(UPDATE_ORG, { id: crypto.randomUUID(), input: { name: 'x' } }))).toBe(
        'NOT_FOUND',
      );
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      expect(
        codeOf(await coordinator.client.request(UPDATE_ORG, { id: first.id, input: { name: 'y' } })),
      ).toBe('FORBIDDEN');
    });
  });
});

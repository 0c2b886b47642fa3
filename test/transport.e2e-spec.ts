import { startTestApp, ADMIN, type TestApp } from './support/app.js';
import { adminClient, GqlClient } from './support/client.js';

/** A raw POST as any HTTP client (or a hostile web page) could send it. */
async function rawPost(url: string, body: string, contentType: string, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Names of the organizations that start with `prefix`, as the administrator lists them. */
async function organizationsNamed(admin: GqlClient, prefix: string): Promise<string[]> {
  const data = await admin.ok<{ organizations: { name: string }[] }>(`{ organizations { name } }`);
  return data.organizations.map((o) => o.name).filter((name) => name.startsWith(prefix));
}

describe('transport rules (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;
  let anonymous: GqlClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t.url);
    anonymous = new GqlClient(t.url);
  });
  afterAll(() => t.close());

  describe('root mutation fields', () => {
    it('stop at the first failed field, on the first run and on every later (compiled) run', async () => {
      const document = `mutation($name: String!) {
        failing: transitionRequest(id: "00000000-0000-4000-8000-000000000000", action: SUBMIT) { id }
        created: createOrganization(input: { name: $name, kind: INTERNATIONAL_ORGANIZATION }) { id }
      }`;
      for (let run = 1; run <= 10; run += 1) {
        const answer = await admin.request(document, { name: `Serial semantics ${run}` });
        expect(answer.data ?? null).toBeNull();
        expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      expect(await organizationsNamed(admin, 'Serial semantics')).toEqual([]);
    });

    it('still run in order and all commit when none fails', async () => {
      const document = `mutation($a: String!, $b: String!) {
        first: createOrganization(input: { name: $a, kind: INTERNATIONAL_ORGANIZATION }) { name }
        second: createOrganization(input: { name: $b, kind: INTERNATIONAL_ORGANIZATION }) { name }
      }`;
      for (let run = 1; run <= 3; run += 1) {
        const data = await admin.ok<{ first: { name: string }; second: { name: string } }>(document, {
          a: `Ordered first ${run}`,
          b: `Ordered second ${run}`,
        });
        expect([data.first.name, data.second.name]).toEqual([
          `Ordered first ${run}`,
          `Ordered second ${run}`,
        ]);
      }
    });
  });

  describe('sign-in fields', () => {
    const loginField = (alias: string) =>
      `${alias}: login(input: { email: "${ADMIN.email}", password: "${ADMIN.password}" }) { accessToken }`;

    it('allows one login in a document', async () => {
      const answer = await anonymous.request(`mutation { ${loginField('only')} }`);
      expect(answer.errors).toBeUndefined();
    });

    it('refuses a document with several login or refreshToken fields before any runs', async () => {
      const many = Array.from({ length: 30 }, (_, i) => loginField(`a${i}`)).join('\n');
      const answer = await anonymous.request(`mutation { ${many} }`);
      expect(answer.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(answer.data ?? null).toBeNull();

      const mixed = await anonymous.request(
        `mutation { ${loginField('a')} b: refreshToken(refreshToken: "x") { accessToken } }`,
      );
      expect(mixed.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');

      const throughFragments = await anonymous.request(
        `mutation { ...A ...B } fragment A on Mutation { ${loginField('a')} } fragment B on Mutation { ${loginField('b')} }`,
      );
      expect(throughFragments.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    });
  });

  describe('what an anonymous client learns about the schema', () => {
    const introspection = `{ __schema { queryType { name } types { name } } }`;

    it('answers __typename without a token', async () => {
      expect(await anonymous.ok(`{ __typename }`)).toEqual({ __typename: 'Query' });
    });

    it('refuses introspection without a token, every time', async () => {
      for (let run = 0; run < 3; run += 1) {
        const schema = await anonymous.request(introspection);
        expect(schema.data?.__schema ?? undefined).toBeUndefined();
        expect(schema.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        const type = await anonymous.request(`{ __type(name: "AssistanceRequest") { fields { name } } }`);
        expect(type.data?.__type ?? undefined).toBeUndefined();
        expect(type.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        const hidden = await anonymous.withToken('not-a-valid-token').request(introspection);
        expect(hidden.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    });

    it('keeps introspection for a signed-in client', async () => {
      // The same text, already seen anonymously, must not be answered from a cached refusal.
      const data = await admin.ok<{ __schema: { queryType: { name: string } } }>(introspection);
      expect(data.__schema.queryType.name).toBe('Query');
      const again = await anonymous.request(introspection);
      expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('treats the access token of an ended sign-in like no token', async () => {
      const ended = new GqlClient(t.url);
      const signIn = await ended.login(ADMIN.email, ADMIN.password);
      expect((await ended.ok<{ __schema: unknown }>(introspection)).__schema).toBeDefined();
      await ended.ok(`mutation($r: String!) { logout(refreshToken: $r) }`, { r: signIn.refreshToken });
      const refused = await ended.request(introspection);
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(await ended.request(`{ request(id: "x") { titel } }`))).not.toMatch(
        /did you mean/i,
      );
    });

    it('gives no "Did you mean" suggestion without a token, and keeps them for signed-in clients', async () => {
      const typo = `{ request(id: "x") { titel } }`;
      const anonymousAnswer = JSON.stringify(await anonymous.request(typo));
      expect(anonymousAnswer).not.toMatch(/did you mean/i);
      expect(anonymousAnswer).not.toMatch(/"title"|\\"title\\"/);
      const enumTypo = await anonymous.request(
        `query($s: [RequestStatus!]) { requests(filter: { status: $s }) { totalCount } }`,
        { s: ['SUBMITED'] },
      );
      expect(JSON.stringify(enumTypo)).not.toMatch(/did you mean|SUBMITTED/i);
      const signedIn = JSON.stringify(await admin.request(typo));
      expect(signedIn).toMatch(/Did you mean/);
    });
  });

  describe('content types', () => {
    const body = (name: string) =>
      JSON.stringify({
        query: `mutation { createOrganization(input: { name: "${name}", kind: INTERNATIONAL_ORGANIZATION }) { id } }`,
      });

    it.each([
      ['text/plain', 'text/plain;charset=UTF-8'],
      ['form', 'application/x-www-form-urlencoded'],
      ['multipart', 'multipart/form-data; boundary=xyz'],
      ['no type', ''],
    ])('answers 415 to a POST in %s and runs nothing', async (label, contentType) => {
      const name = `Cross-site ${label}`;
      const answer = await rawPost(t.url, body(name), contentType, admin.token);
      expect(answer.status).toBe(415);
      expect(await organizationsNamed(admin, name)).toEqual([]);
    });

    it('runs a POST in application/json, with or without a charset', async () => {
      const answer = await rawPost(
        t.url,
        body('Same-site JSON'),
        'application/json; charset=utf-8',
        admin.token,
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text).errors).toBeUndefined();
    });
  });

  describe('choosing the operation', () => {
    const twoQueries = `query Q { __typename } query R { me { email } }`;

    it('answers by the named operation on every run, compiled or not, and refuses an unknown one', async () => {
      for (let run = 0; run < 4; run += 1) {
        expect(await admin.request(twoQueries, undefined, {}, 'Q')).toMatchObject({
          data: { __typename: 'Query' },
        });
        expect(await admin.request(twoQueries, undefined, {}, 'R')).toMatchObject({
          data: { me: { email: ADMIN.email } },
        });
        const unknown = await admin.request(twoQueries, undefined, {}, 'Nope');
        expect(unknown.data ?? null).toBeNull();
        expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const unnamed = await admin.request(twoQueries);
        expect(unnamed.data ?? null).toBeNull();
        expect(unnamed.errors?.[0]?.message).toMatch(/operation name/);
      }
    });

    it('refuses over GET a document whose operation cannot be chosen, as a client error', async () => {
      const get = (params: string) =>
        fetch(`${t.url}/graphql?${params}`).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { errors: { extensions: { code: string } }[] },
        }));
      for (const params of [
        `query=${encodeURIComponent('query A { __typename } query B { __typename }')}`,
        `query=${encodeURIComponent('{ __typename }')}&operationName=Nope`,
      ]) {
        const answer = await get(params);
        expect(answer.status).toBeLessThan(500);
        expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      }
    });
  });

  describe('text holding the NUL character', () => {
    it('is answered like any other bad or unknown input, never as an internal error', async () => {
      const trail = `query($e: ID!) { auditTrail(entityId: $e) { sequence } }`;
      expect(await admin.ok(trail, { e: '00000000-0000-4000-8000-000000000000\u0000' })).toEqual({
        auditTrail: [],
      });
      expect(await admin.ok(`{ auditTrail(entityId: "x\\u0000") { sequence } }`)).toEqual({ auditTrail: [] });
      const created = await admin.request(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        {
          input: {
            email: 'a\u0000y@b.example',
            displayName: 'N',
            password: 'long enough password',
            roles: ['ADMIN'],
          },
        },
      );
      expect(created.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(created.errors?.[0]?.message).toMatch(/email/);
    });
  });

  describe('subscriptions over HTTP', () => {
    it('answer 400 with a message pointing to the WebSocket', async () => {
      const answer = await rawPost(
        t.url,
        JSON.stringify({ query: 'subscription { notificationAdded { id } }' }),
        'application/json',
        admin.token,
      );
      expect(answer.status).toBe(400);
      const parsed = JSON.parse(answer.text) as {
        errors: { message: string; extensions: { code: string } }[];
      };
      expect(parsed.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(parsed.errors[0]?.message).toMatch(/WebSocket/);
    });
  });
});

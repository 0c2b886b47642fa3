import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient, loginAs } from './support/client.js';

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name kind memberState { code name region subRegion unMember } createdAt }
}`;
const CREATE_USER = `mutation($input: CreateUserInput!) {
  createUser(input: $input) { id email displayName roles organization { id name } createdAt }
}`;

interface Org {
  id: string;
  name: string;
  kind: string;
  memberState: { code: string; region: string } | null;
}

describe('organizations, users and reference data (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;
  let kenya: Org;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t.url);
    kenya = (
      await admin.ok<{ createOrganization: Org }>(CREATE_ORG, {
        input: { name: 'Republic of Kenya', kind: 'MEMBER_STATE', memberStateCode: 'ken' },
      })
    ).createOrganization;
  });
  afterAll(() => t.close());

  describe('memberStates', () => {
    it('lists exactly the 193 Member States and the 2 observer States', async () => {
      const { memberStates } = await admin.ok<{
        memberStates: { code: string; unMember: boolean; region: string; name: string }[];
      }>('{ memberStates { code name region unMember } }');
      expect(memberStates.filter((s) => s.unMember)).toHaveLength(193);
      expect(memberStates.filter((s) => !s.unMember).map((s) => [s.code, s.name])).toEqual(
        expect.arrayContaining([
          ['VAT', 'Holy See'],
          ['PSE', 'State of Palestine'],
        ]),
      );
      expect(memberStates).toHaveLength(195);
      expect(new Set(memberStates.map((s) => s.region))).toEqual(
        new Set(['Africa', 'Americas', 'Asia', 'Europe', 'Oceania']),
      );
      // Territories are not States.
      expect(memberStates.map((s) => s.code)).not.toEqual(expect.arrayContaining(['GRL']));
      expect(memberStates.map((s) => s.code)).not.toContain('TWN');
    });

    it('filters by UN M49 region', async () => {
      const { memberStates } = await admin.ok<{ memberStates: { code: string; region: string }[] }>(
        '{ memberStates(region: "Africa") { code region } }',
      );
      expect(memberStates).toHaveLength(54);
      expect(memberStates.every((s) => s.region === 'Africa')).toBe(true);
    });

    it('refuses an unknown region with BAD_USER_INPUT naming the argument', async () => {
      const result = await admin.request('{ memberStates(region: "Atlantis") { code } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/^region:/);
    });

    it('needs a signed-in user', async () => {
      expect(await new GqlClient(t.url).errorCode('{ memberStates { code } }')).toBe('UNAUTHENTICATED');
    });
  });

  describe('createOrganization', () => {
    it('creates a Member State organization linked to its State', () => {
      expect(kenya).toMatchObject({
        name: 'Republic of Kenya',
        kind: 'MEMBER_STATE',
        memberState: {
          code: 'KEN',
          name: 'Kenya',
          region: 'Africa',
          subRegion: 'Eastern Africa',
          unMember: true,
        },
      });
    });

    it('creates other kinds without a State', async () => {
      const { createOrganization } = await admin.ok<{ createOrganization: Org }>(CREATE_ORG, {
        input: { name: '  UNODC  ', kind: 'UN_ENTITY' },
      });
      expect(createOrganization).toMatchObject({ name: 'UNODC', kind: 'UN_ENTITY', memberState: null });
    });

    it.each([
      [{ name: 'No State', kind: 'MEMBER_STATE' }, 'input.memberStateCode'],
      [{ name: 'Bad State', kind: 'MEMBER_STATE', memberStateCode: 'XXX' }, 'input.memberStateCode'],
      [{ name: 'Territory', kind: 'MEMBER_STATE', memberStateCode: 'GRL' }, 'input.memberStateCode'],
      [{ name: 'Agency with a State', kind: 'UN_ENTITY', memberStateCode: 'KEN' }, 'input.memberStateCode'],
      [{ name: '   ', kind: 'CIVIL_SOCIETY' }, 'input.name'],
      [{ name: 'x'.repeat(201), kind: 'CIVIL_SOCIETY' }, 'input.name'],
    ])('refuses %j with BAD_USER_INPUT naming %s', async (input, field) => {
      const result = await admin.request(CREATE_ORG, { input });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message.startsWith(`${field}:`)).toBe(true);
    });

    it('refuses a duplicate name, whatever its case, with CONFLICT', async () => {
      expect(
        await admin.errorCode(CREATE_ORG, {
          input: { name: 'REPUBLIC OF KENYA', kind: 'MEMBER_STATE', memberStateCode: 'KEN' },
        }),
      ).toBe('CONFLICT');
    });

    it('is for ADMINs only', async () => {
      const coordinator = await loginAs(admin, ['COORDINATOR']);
      expect(
        await coordinator.client.errorCode(CREATE_ORG, { input: { name: 'X', kind: 'UN_ENTITY' } }),
      ).toBe('FORBIDDEN');
      expect(
        await new GqlClient(t.url).errorCode(CREATE_ORG, { input: { name: 'X', kind: 'UN_ENTITY' } }),
      ).toBe('UNAUTHENTICATED');
    });

    it('lists organizations, optionally by kind', async () => {
      const all = await admin.ok<{ organizations: Org[] }>('{ organizations { id name kind } }');
      expect(all.organizations.map((o) => o.name)).toEqual(
        expect.arrayContaining(['Republic of Kenya', 'UNODC']),
      );
      const states = await admin.ok<{ organizations: Org[] }>(
        '{ organizations(kind: MEMBER_STATE) { id kind } }',
      );
      expect(states.organizations.every((o) => o.kind === 'MEMBER_STATE')).toBe(true);
    });
  });

  describe('createUser', () => {
    const input = (overrides: Record<string, unknown> = {}) => ({
      email: `focal.${crypto.randomUUID()}@kenya.example`,
      displayName: 'Kenya focal point',
      password: 'a long passphrase here',
      roles: ['REQUESTER'],
      ...overrides,
    });

    it('creates a requester of a Member State who can sign in', async () => {
      const email = `Focal.Point.${Date.now()}@Kenya.Example`;
      const { createUser } = await admin.ok<{ createUser: { email: string; organization: { id: string } } }>(
        CREATE_USER,
        {
          input: input({ email, organizationId: kenya.id }),
        },
      );
      expect(createUser).toMatchObject({
        email: email.toLowerCase(),
        roles: ['REQUESTER'],
        organization: { id: kenya.id, name: 'Republic of Kenya' },
      });
      const client = new GqlClient(t.url);
      await client.login(email, 'a long passphrase here');
      const me = await client.ok<{ me: { organization: { memberState: { code: string } } } }>(
        '{ me { organization { memberState { code } } } }',
      );
      expect(me.me.organization.memberState.code).toBe('KEN');
    });

    it.each([
      [{ email: 'not-an-email' }, 'input.email'],
      [{ password: 'short' }, 'input.password'],
      [{ displayName: '' }, 'input.displayName'],
      [{ roles: [] }, 'input.roles'],
      [{ roles: ['COORDINATOR', 'COORDINATOR'] }, 'input.roles'],
      [{ roles: ['REQUESTER'] }, 'input.organizationId'],
      [{ roles: ['PROVIDER'] }, 'input.organizationId'],
      [{ roles: ['COORDINATOR'], organizationId: 'nope' }, 'input.organizationId'],
      [
        { roles: ['COORDINATOR'], organizationId: '00000000-0000-4000-8000-000000000000' },
        'input.organizationId',
      ],
    ])('refuses %j with BAD_USER_INPUT naming %s', async (overrides, field) => {
      const result = await admin.request(CREATE_USER, { input: input(overrides) });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message.startsWith(`${field}:`)).toBe(true);
    });

    it('refuses a REQUESTER outside a Member State organization', async () => {
      const { createOrganization } = await admin.ok<{ createOrganization: Org }>(CREATE_ORG, {
        input: { name: 'Donor Agency', kind: 'INTERNATIONAL_ORGANIZATION' },
      });
      const result = await admin.request(CREATE_USER, {
        input: input({ organizationId: createOrganization.id }),
      });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses an e-mail already in use, whatever its case, with CONFLICT', async () => {
      const first = input({ roles: ['CTC_OBSERVER'] });
      await admin.ok(CREATE_USER, { input: first });
      expect(
        await admin.errorCode(CREATE_USER, { input: { ...first, email: first.email.toUpperCase() } }),
      ).toBe('CONFLICT');
    });

    it('refuses an unknown role value before running anything', async () => {
      expect(await admin.errorCode(CREATE_USER, { input: input({ roles: ['SUPERUSER'] }) })).toBe(
        'BAD_USER_INPUT',
      );
    });

    it('is for ADMINs only', async () => {
      const requester = await loginAs(admin, ['REQUESTER'], kenya);
      expect(await requester.client.errorCode(CREATE_USER, { input: input({ roles: ['ADMIN'] }) })).toBe(
        'FORBIDDEN',
      );
    });

    it('never exposes password hashes', async () => {
      const result = await admin.request('{ me { passwordHash } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});

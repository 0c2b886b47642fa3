import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient, LOGIN, loginAs } from './support/client.js';
import { withClient } from './support/database.js';
import { CREATE_REQUEST, requestInput } from './support/fixtures.js';

const VERIFY = '{ verifyAuditLog { valid checkedEvents firstInvalidSequence } }';
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;

interface Verification {
  valid: boolean;
  checkedEvents: number;
  firstInvalidSequence: number | null;
}

async function verify(admin: GqlClient): Promise<Verification> {
  return (await admin.ok<{ verifyAuditLog: Verification }>(VERIFY)).verifyAuditLog;
}

/** Changes audit rows as an attacker with database access would, past the append-only trigger. */
function tamper(sql: string, params: unknown[] = []): Promise<unknown> {
  return withClient(async (client) => {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(sql, params);
    await client.query('COMMIT');
  });
}

describe('audit log (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminClient(t.url);
  });
  afterAll(() => t.close());

  it('keeps a gapless, verifiable chain under concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        admin.ok(CREATE_ORG, { input: { name: `Agency ${i}`, kind: 'UN_ENTITY' } }),
      ),
    );
    // Verifying seals every event acknowledged before it, so the table holds them all afterwards.
    const result = await verify(admin);
    const rows = await withClient(
      async (c) => (await c.query('SELECT sequence::int AS s FROM audit_event ORDER BY sequence')).rows,
    );
    expect(rows.map((r: { s: number }) => r.s)).toEqual(rows.map((_: unknown, i: number) => i + 1));
    expect(result).toEqual({ valid: true, checkedEvents: rows.length, firstInvalidSequence: null });
    // bootstrap + admin sign-in + 20 organizations
    expect(rows.length).toBe(22);
  });

  it('gives each entity its trail, oldest first, with actor and hashes', async () => {
    const { createOrganization } = await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
      input: { name: 'Trail Org', kind: 'CIVIL_SOCIETY' },
    });
    const { auditTrail } = await admin.ok<{
      auditTrail: {
        sequence: number;
        action: string;
        entityType: string;
        actor: { email: string };
        payload: { name: string };
        hash: string;
        previousHash: string;
      }[];
    }>(
      `query($id: ID!) { auditTrail(entityId: $id) { sequence entityType action actor { email } payload hash previousHash at } }`,
      {
        id: createOrganization.id,
      },
    );
    expect(auditTrail).toHaveLength(1);
    expect(auditTrail[0]).toMatchObject({
      entityType: 'Organization',
      action: 'ORGANIZATION_CREATED',
      actor: { email: 'admin@example.org' },
      payload: { name: 'Trail Org' },
    });
    expect(auditTrail[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditTrail[0]?.previousHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses updates, deletes and truncation in the database itself', async () => {
    for (const sql of [
      "UPDATE audit_event SET action = 'X' WHERE sequence = 1",
      'DELETE FROM audit_event WHERE sequence = 1',
      'TRUNCATE audit_event',
    ]) {
      await expect(withClient((c) => c.query(sql))).rejects.toThrow(/append-only/);
    }
  });

  it('answers a trail the viewer may not see exactly like the trail of nothing', async () => {
    const { createOrganization: kenya } = await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
      input: { name: 'Kenya', kind: 'MEMBER_STATE', memberStateCode: 'KEN' },
    });
    const requester = await loginAs(admin, ['REQUESTER'], kenya);
    const coordinator = await loginAs(admin, ['COORDINATOR']);
    const { createRequest: draft } = await requester.client.ok<{ createRequest: { id: string } }>(
      CREATE_REQUEST,
      { input: requestInput() },
    );
    const trail = `query($id: ID!) { auditTrail(entityId: $id) { action } }`;
    const unknown = await coordinator.client.request(trail, { id: crypto.randomUUID() });
    expect(unknown).toEqual({ status: 200, data: { auditTrail: [] } });
    expect(await coordinator.client.request(trail, { id: draft.id })).toEqual(unknown);
    expect((await requester.client.request(trail, { id: draft.id })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );

    // Sign-in events, by user id or by e-mail address, with IP addresses: ADMIN only.
    const anonymous = new GqlClient(t.url);
    await anonymous.request(LOGIN, { input: { email: requester.email, password: 'a wrong password' } });
    await anonymous.request(LOGIN, { input: { email: 'nobody@example.org', password: 'a wrong password' } });
    const actions = async (client: GqlClient, id: string) =>
      (await client.ok<{ auditTrail: { action: string }[] }>(trail, { id })).auditTrail.map((e) => e.action);
    expect(await actions(admin, requester.userId)).toEqual([
      'USER_CREATED',
      'LOGIN_SUCCEEDED',
      'LOGIN_FAILED',
    ]);
    expect(await actions(admin, 'nobody@example.org')).toEqual(['LOGIN_FAILED']);
    expect(await actions(coordinator.client, requester.userId)).toEqual(['USER_CREATED']);
    expect(await coordinator.client.request(trail, { id: 'nobody@example.org' })).toEqual(unknown);
  });

  it('reports the first tampered event', async () => {
    await tamper(`UPDATE audit_event SET payload = '{"name":"Forged"}' WHERE sequence = 5`);
    expect(await verify(admin)).toEqual({ valid: false, checkedEvents: 5, firstInvalidSequence: 5 });
  });

  it('reports a deleted event as a gap', async () => {
    await tamper('DELETE FROM audit_event WHERE sequence = 3');
    const result = await verify(admin);
    expect(result.valid).toBe(false);
    expect(result.firstInvalidSequence).toBe(3);
  });

  it('lets only ADMINs verify, and COORDINATORs and ADMINs read trails', async () => {
    const coordinator = await loginAs(admin, ['COORDINATOR']);
    const observer = await loginAs(admin, ['CTC_OBSERVER']);
    expect(await coordinator.client.errorCode(VERIFY)).toBe('FORBIDDEN');
    const trail = `query($id: ID!) { auditTrail(entityId: $id) { sequence } }`;
    expect((await coordinator.client.request(trail, { id: coordinator.userId })).errors).toBeUndefined();
    expect(await observer.client.errorCode(trail, { id: coordinator.userId })).toBe('FORBIDDEN');
    expect(await new GqlClient(t.url).errorCode(VERIFY)).toBe('UNAUTHENTICATED');
  });
});

describe('bootstrap administrator (e2e)', () => {
  it('is created once: a restart with other credentials adds no second ADMIN', async () => {
    const first = await startTestApp();
    await first.close();
    const second = await startTestApp(
      { ADMIN_EMAIL: 'other.admin@example.org', ADMIN_PASSWORD: 'another-long-password' },
      { reset: false },
    );
    try {
      const admins = await withClient(
        async (c) => (await c.query(`SELECT email FROM app_user WHERE 'ADMIN' = ANY(roles)`)).rows,
      );
      expect(admins).toEqual([{ email: 'admin@example.org' }]);
      const client = new GqlClient(second.url);
      expect((await client.login('admin@example.org', 'admin-password-for-tests')).user.roles).toEqual([
        'ADMIN',
      ]);
    } finally {
      await second.close();
    }
  });
});

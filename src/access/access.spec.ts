import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { testTarget } from '../../test/support/database.js';
import type { Viewer } from '../viewer/viewer.js';
import { Confidentiality, Role } from '../common/enums.js';
import { dataSourceOptions } from '../database/data-source.js';
import { compileOnly } from '../database/kysely.js';
import {
  accessCondition,
  accessSql,
  assertAccess,
  checkAccess,
  hasAccess,
  Permission,
  PERMISSIONS,
  requireAccess,
  SUBJECTS,
  type SubjectType,
} from './access.js';

const OWN = '00000000-0000-4000-8000-00000000000a';
const DONOR = '00000000-0000-4000-8000-00000000000b';
const OTHER = '00000000-0000-4000-8000-00000000000c';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const v = (name: string, roles: Role[], organizationId: string | null = null): [string, Viewer] => [
  name,
  { id: name, roles, organizationId },
];
const VIEWERS = [
  v('requester', [Role.REQUESTER], OWN),
  v('provider in the requesting organization', [Role.PROVIDER], OWN),
  v('donor', [Role.PROVIDER], DONOR),
  v('requester of another State', [Role.REQUESTER], OTHER),
  v('coordinator', [Role.COORDINATOR]),
  v('coordinator placed in an organization', [Role.COORDINATOR], OWN),
  v('admin', [Role.ADMIN]),
  v('observer', [Role.CTC_OBSERVER]),
  v('observer placed in an organization', [Role.CTC_OBSERVER], OWN),
  v('requester and provider', [Role.REQUESTER, Role.PROVIDER], DONOR),
];

interface Row {
  id: string;
  status: string;
  confidentiality: Confidentiality;
  requestingOrganizationId: string;
  providerOrganizationId: string;
}

/** Requests and offers of each owner in each confidentiality, draft or not; matches between them. */
function rows(): Record<SubjectType, Row[]> {
  const made: Record<SubjectType, Row[]> = { request: [], offer: [], match: [] };
  let n = 0;
  for (const owner of [OWN, DONOR, OTHER])
    for (const confidentiality of Object.values(Confidentiality))
      for (const [requestStatus, offerStatus] of [
        ['DRAFT', 'DRAFT'],
        ['OPEN', 'PUBLISHED'],
      ] as const) {
        made.request.push({
          id: id((n += 1)),
          status: requestStatus,
          confidentiality,
          requestingOrganizationId: owner,
          providerOrganizationId: '',
        });
        made.offer.push({
          id: id((n += 1)),
          status: offerStatus,
          confidentiality,
          requestingOrganizationId: '',
          providerOrganizationId: owner,
        });
      }
  // A match between every open request and open offer of different organizations.
  for (const request of made.request.filter((r) => r.status === 'OPEN'))
    for (const offer of made.offer.filter(
      (o) => o.status === 'PUBLISHED' && o.providerOrganizationId !== request.requestingOrganizationId,
    ))
      made.match.push({
        id: id((n += 1)),
        status: 'PROPOSED',
        confidentiality: Confidentiality.PUBLIC,
        requestingOrganizationId: request.requestingOrganizationId,
        providerOrganizationId: offer.providerOrganizationId,
        ...{ requestId: request.id, offerId: offer.id },
      });
  return made;
}

describe('access', () => {
  let dataSource: DataSource;
  const data = rows();

  beforeAll(async () => {
    dataSource = await new DataSource({
      ...dataSourceOptions(testTarget(), []),
      migrations: [],
    }).initialize();
  });
  afterAll(() => dataSource.destroy());

  /**
   * The tables the policy reads, with only the columns it reads, in a schema of their own that the
   * transaction drops again: the production SQL runs against them unchanged.
   */
  async function withTables(run: (manager: EntityManager) => Promise<void>): Promise<void> {
    await dataSource
      .transaction(async (manager) => {
        await manager.query(`CREATE SCHEMA access_probe`);
        await manager.query(`SET LOCAL search_path = access_probe`);
        await manager.query(`CREATE TYPE confidentiality AS ENUM ('PUBLIC', 'RESTRICTED', 'CONFIDENTIAL')`);
        await manager.query(`CREATE TABLE assistance_request (id uuid PRIMARY KEY, status text,
          confidentiality confidentiality, requesting_organization_id uuid)`);
        await manager.query(`CREATE TABLE assistance_offer (id uuid PRIMARY KEY, status text,
          confidentiality confidentiality, provider_organization_id uuid)`);
        await manager.query(`CREATE TABLE "match" (id uuid PRIMARY KEY, request_id uuid, offer_id uuid,
          requesting_organization_id uuid, provider_organization_id uuid)`);
        for (const r of data.request)
          await manager.query(`INSERT INTO assistance_request VALUES ($1, $2, $3, $4)`, [
            r.id,
            r.status,
            r.confidentiality,
            r.requestingOrganizationId,
          ]);
        for (const o of data.offer)
          await manager.query(`INSERT INTO assistance_offer VALUES ($1, $2, $3, $4)`, [
            o.id,
            o.status,
            o.confidentiality,
            o.providerOrganizationId,
          ]);
        for (const m of data.match as (Row & { requestId: string; offerId: string })[])
          await manager.query(`INSERT INTO "match" VALUES ($1, $2, $3, $4, $5)`, [
            m.id,
            m.requestId,
            m.offerId,
            m.requestingOrganizationId,
            m.providerOrganizationId,
          ]);
        await run(manager);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  }

  it('gives the same answer in SQL (lists, requireAccess) and in memory, for every permission and viewer', async () => {
    await withTables(async (manager) => {
      for (const permission of Object.values(Permission)) {
        const subject = SUBJECTS[PERMISSIONS[permission].subject];
        const all = data[PERMISSIONS[permission].subject];
        for (const [name, viewer] of VIEWERS) {
          const { allowed, visible } = await checkAccess(
            manager,
            viewer,
            permission,
            all.map((row) => row.id),
          );
          const { condition, parameters } = accessCondition(viewer, permission);
          const listed: { id: string }[] = await manager
            .createQueryBuilder()
            .select(`${subject.alias}.id::text`, 'id')
            .from(subject.table, subject.alias)
            .where(condition, parameters)
            .getRawMany();
          // The read layer's (Kysely) form, compiled and run in the same transaction.
          const compiled = compileOnly<Record<string, { id: string }>>()
            .selectFrom(`${subject.table} as ${subject.alias}`)
            .select(sql<string>`${sql.ref(`${subject.alias}.id`)}::text`.as('id'))
            .where(accessSql(viewer, permission))
            .compile();
          const fromKysely: { id: string }[] = await manager.query(compiled.sql, [...compiled.parameters]);
          const inMemory = all
            .filter((row) => visible.has(row.id) && hasAccess(viewer, permission, row))
            .map((row) => row.id);
          expect({ permission, name, ids: [...allowed].sort() }).toEqual({
            permission,
            name,
            ids: inMemory.sort(),
          });
          expect({ permission, name, ids: listed.map((row) => row.id).sort() }).toEqual({
            permission,
            name,
            ids: inMemory.sort(),
          });
          expect({ permission, name, ids: fromKysely.map((row) => row.id).sort() }).toEqual({
            permission,
            name,
            ids: inMemory.sort(),
          });
        }
      }
    });
  });

  it('grants what RULES.md says', async () => {
    const viewer = Object.fromEntries(VIEWERS);
    await withTables(async (manager) => {
      const allowed = async (who: string, permission: Permission) =>
        (
          await checkAccess(
            manager,
            viewer[who] as Viewer,
            permission,
            data[PERMISSIONS[permission].subject].map((row) => row.id),
          )
        ).allowed.size;
      const ownRequests = data.request.filter((r) => r.requestingOrganizationId === OWN).length;
      // Only the requesting organization's REQUESTERs edit its requests, drafts included.
      expect(await allowed('requester', Permission.REQUEST_EDIT)).toBe(ownRequests);
      expect(await allowed('provider in the requesting organization', Permission.REQUEST_EDIT)).toBe(0);
      expect(await allowed('coordinator placed in an organization', Permission.REQUEST_EDIT)).toBe(0);
      // Suggestions: the own organization and coordinators; a coordinator sees no drafts.
      expect(await allowed('provider in the requesting organization', Permission.REQUEST_SUGGESTIONS)).toBe(
        ownRequests,
      );
      expect(await allowed('coordinator', Permission.REQUEST_SUGGESTIONS)).toBe(data.request.length / 2);
      expect(await allowed('requester of another State', Permission.REQUEST_SUGGESTIONS)).toBe(
        data.request.filter((r) => r.requestingOrganizationId === OTHER).length,
      );
      // Observers read, they do not comment.
      expect(await allowed('observer', Permission.REQUEST_COMMENT)).toBe(0);
      expect(await allowed('observer placed in an organization', Permission.MATCH_COMMENT)).toBe(0);
      // Matches are evaluated by coordinators and the requesting organization only.
      expect(await allowed('coordinator', Permission.MATCH_EVALUATE)).toBe(data.match.length);
      expect(await allowed('donor', Permission.MATCH_EVALUATE)).toBe(0);
      expect(await allowed('admin', Permission.MATCH_EVALUATE)).toBe(0);
    });
  });

  it('answers NOT_FOUND for what the viewer cannot see, else the refusal of the permission', async () => {
    const [, requester] = VIEWERS[0] as [string, Viewer];
    const [, coordinator] = VIEWERS[4] as [string, Viewer];
    const otherDraft = data.request.find((r) => r.status === 'DRAFT' && r.requestingOrganizationId === OTHER);
    const otherOpen = data.request.find(
      (r) =>
        r.status === 'OPEN' &&
        r.requestingOrganizationId === OTHER &&
        r.confidentiality === Confidentiality.PUBLIC,
    );
    await withTables(async (manager) => {
      await expect(
        requireAccess(manager, requester, Permission.REQUEST_EDIT, [otherDraft?.id as string]),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        requireAccess(manager, requester, Permission.REQUEST_EDIT, [otherOpen?.id as string]),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        requireAccess(manager, requester, Permission.REQUEST_SUGGESTIONS, [otherOpen?.id as string]),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        requireAccess(manager, coordinator, Permission.REQUEST_SUGGESTIONS, [otherOpen?.id as string]),
      ).resolves.toBeUndefined();
      await expect(
        requireAccess(manager, coordinator, Permission.REQUEST_READ, ['not-an-id']),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
    expect(() => assertAccess(coordinator, Permission.REQUEST_EDIT, otherOpen as Row)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});

class Rollback extends Error {}

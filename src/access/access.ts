import type { RawBuilder, SqlBool } from 'kysely';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Viewer } from '../viewer/viewer.js';
import { Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { isUuid } from '../common/validation.js';
import { namedSql } from '../database/kysely.js';
import { matchVisibilityCondition, visibilityCondition } from './access-policy.js';
import { OFFER_OWNED, REQUEST_OWNED } from './owned.js';

/**
 * The one access module, in the shape of a permission table: what a viewer may do with a request, an
 * offer or a match. Reading is the visibility policy (access-policy.ts); every other permission is
 * reading plus one of its grants. The same table gives the SQL predicate (lists, `requireAccess`) and
 * the in-memory check (`hasAccess`, for rows already read), and a spec checks on the database that
 * the two agree for every permission.
 */
export enum Permission {
  REQUEST_READ = 'request.read',
  /** Edit the fields of a request (the status rules are the workflow's). */
  REQUEST_EDIT = 'request.edit',
  /** Read offers suggested for a request. */
  REQUEST_SUGGESTIONS = 'request.suggestions',
  /** Propose a match on the request as its party (the requester's acceptance is implied). */
  REQUEST_PROPOSE_AS_PARTY = 'request.propose-as-party',
  OFFER_READ = 'offer.read',
  OFFER_EDIT = 'offer.edit',
  OFFER_SUGGESTIONS = 'offer.suggestions',
  OFFER_PROPOSE_AS_PARTY = 'offer.propose-as-party',
  /** Propose a match on any pair the viewer sees, as no party (coordinators). */
  REQUEST_PROPOSE_AS_COORDINATOR = 'request.propose-as-coordinator',
  MATCH_READ = 'match.read',
  /** Act on a match as its requesting party (decide on it, with the workflow's say on when). */
  MATCH_AS_REQUESTER = 'match.as-requester',
  /** Act on a match as its providing party. */
  MATCH_AS_PROVIDER = 'match.as-provider',
  MATCH_EVALUATE = 'match.evaluate',
  /** Comment on a request or a match the viewer sees. */
  REQUEST_COMMENT = 'request.comment',
  MATCH_COMMENT = 'match.comment',
}

/** The kinds of thing permissions are about, and where each keeps its organizations. */
export type SubjectType = 'request' | 'offer' | 'match';

/** An organization of a subject: its SQL column and its property on the entity. */
interface Side {
  column: string;
  property: string;
}

interface SubjectTable {
  table: string;
  alias: string;
  /** "Request", "Offer", "Match": used in NOT_FOUND messages. */
  label: string;
  /** The organizations a grant may name. */
  sides: { requester?: Side; provider?: Side };
  visibleSql(viewer: Viewer, alias: string): { condition: string; parameters: Record<string, unknown> };
}

const REQUESTER_SIDE: Side = { column: 'requesting_organization_id', property: 'requestingOrganizationId' };
const PROVIDER_SIDE: Side = { column: 'provider_organization_id', property: 'providerOrganizationId' };

/** One table per subject type. */
export const SUBJECTS: Record<SubjectType, SubjectTable> = {
  request: {
    table: REQUEST_OWNED.table,
    alias: REQUEST_OWNED.alias,
    label: REQUEST_OWNED.label,
    sides: { requester: REQUESTER_SIDE },
    visibleSql: (viewer, alias) => visibilityCondition(viewer, { ...REQUEST_OWNED, alias }),
  },
  offer: {
    table: OFFER_OWNED.table,
    alias: OFFER_OWNED.alias,
    label: OFFER_OWNED.label,
    sides: { provider: PROVIDER_SIDE },
    visibleSql: (viewer, alias) => visibilityCondition(viewer, { ...OFFER_OWNED, alias }),
  },
  match: {
    table: 'match',
    alias: 'm',
    label: 'Match',
    sides: { requester: REQUESTER_SIDE, provider: PROVIDER_SIDE },
    visibleSql: (viewer, alias) => matchVisibilityCondition(viewer, alias),
  },
};

/**
 * One way to hold a permission: holding one of `roles`, and, with `side`, acting for that
 * organization of the subject.
 */
export interface Grant {
  roles: readonly Role[];
  side?: 'requester' | 'provider';
}

interface PermissionRule {
  subject: SubjectType;
  /** Alternatives; none means reading suffices. */
  grants?: readonly Grant[];
  /** What a viewer who sees the subject but holds no grant hears: FORBIDDEN, or NOT_FOUND as if it did not exist. */
  refusal?: { code: 'FORBIDDEN'; message: string } | { code: 'NOT_FOUND' };
}

const { ADMIN, COORDINATOR, REQUESTER, PROVIDER } = Role;
/** Every role but CTC_OBSERVER: observers read, they do not write. */
const CONTRIBUTORS = [ADMIN, COORDINATOR, REQUESTER, PROVIDER] as const;

/** The permission table (RULES.md, Visibility and Workflows). */
export const PERMISSIONS: Record<Permission, PermissionRule> = {
  [Permission.REQUEST_READ]: { subject: 'request' },
  [Permission.REQUEST_EDIT]: {
    subject: 'request',
    grants: [{ roles: [REQUESTER], side: 'requester' }],
    refusal: { code: 'FORBIDDEN', message: 'Only the requesting organization edits its request' },
  },
  [Permission.REQUEST_SUGGESTIONS]: {
    subject: 'request',
    grants: [{ roles: [COORDINATOR] }, { roles: [REQUESTER, PROVIDER], side: 'requester' }],
    refusal: { code: 'NOT_FOUND' },
  },
  [Permission.REQUEST_PROPOSE_AS_PARTY]: {
    subject: 'request',
    grants: [{ roles: [REQUESTER], side: 'requester' }],
  },
  [Permission.REQUEST_PROPOSE_AS_COORDINATOR]: { subject: 'request', grants: [{ roles: [COORDINATOR] }] },
  [Permission.OFFER_READ]: { subject: 'offer' },
  [Permission.OFFER_EDIT]: {
    subject: 'offer',
    grants: [{ roles: [PROVIDER], side: 'provider' }],
    refusal: { code: 'FORBIDDEN', message: 'Only the providing organization edits its offer' },
  },
  [Permission.OFFER_SUGGESTIONS]: {
    subject: 'offer',
    grants: [{ roles: [COORDINATOR] }, { roles: [REQUESTER, PROVIDER], side: 'provider' }],
    refusal: { code: 'NOT_FOUND' },
  },
  [Permission.OFFER_PROPOSE_AS_PARTY]: {
    subject: 'offer',
    grants: [{ roles: [PROVIDER], side: 'provider' }],
  },
  [Permission.MATCH_READ]: { subject: 'match' },
  [Permission.MATCH_AS_REQUESTER]: { subject: 'match', grants: [{ roles: [REQUESTER], side: 'requester' }] },
  [Permission.MATCH_AS_PROVIDER]: { subject: 'match', grants: [{ roles: [PROVIDER], side: 'provider' }] },
  [Permission.MATCH_EVALUATE]: {
    subject: 'match',
    grants: [{ roles: [COORDINATOR] }, { roles: [REQUESTER], side: 'requester' }],
    refusal: {
      code: 'FORBIDDEN',
      message: 'Only the requesting organization or a coordinator evaluates a match',
    },
  },
  [Permission.REQUEST_COMMENT]: {
    subject: 'request',
    grants: [{ roles: CONTRIBUTORS }],
    refusal: { code: 'FORBIDDEN', message: 'CTC observers read; they do not comment' },
  },
  [Permission.MATCH_COMMENT]: {
    subject: 'match',
    grants: [{ roles: CONTRIBUTORS }],
    refusal: { code: 'FORBIDDEN', message: 'CTC observers read; they do not comment' },
  },
};

/**
 * Whether the viewer holds one of `roles` and, when `organizationId` is given, acts for that
 * organization: the one test behind every grant, the workflow tables' actors included.
 */
export function holdsGrant(viewer: Viewer, roles: readonly Role[], organizationId?: string | null): boolean {
  if (!roles.some((role) => viewer.roles.includes(role))) return false;
  return (
    organizationId === undefined ||
    (viewer.organizationId !== null && viewer.organizationId === organizationId)
  );
}

const holds = (viewer: Viewer, grant: Grant) => holdsGrant(viewer, grant.roles);

/** The grants of `permission` as SQL over `alias` (TRUE when reading suffices, FALSE when none applies). */
function grantSql(
  viewer: Viewer,
  permission: Permission,
  alias: string,
): { condition: string; parameters: Record<string, unknown> } {
  const rule = PERMISSIONS[permission];
  if (!rule.grants) return { condition: 'TRUE', parameters: {} };
  const sides = SUBJECTS[rule.subject].sides;
  const alternatives: string[] = [];
  for (const grant of rule.grants) {
    if (!holds(viewer, grant)) continue;
    if (!grant.side) return { condition: 'TRUE', parameters: {} };
    const side = sides[grant.side];
    if (!side) throw new Error(`${permission}: a ${rule.subject} has no ${grant.side}`);
    if (viewer.organizationId !== null) alternatives.push(`${alias}.${side.column} = :grantOrganizationId`);
  }
  return {
    condition: alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE',
    parameters: { grantOrganizationId: viewer.organizationId },
  };
}

/**
 * The SQL predicate of `permission` for rows of its subject's table under `alias`: the rows the viewer
 * may read and holds a grant on. Lists, totals and `requireAccess` use it.
 */
export function accessCondition(
  viewer: Viewer,
  permission: Permission,
  alias = SUBJECTS[PERMISSIONS[permission].subject].alias,
): { condition: string; parameters: Record<string, unknown> } {
  const subject = SUBJECTS[PERMISSIONS[permission].subject];
  const visible = subject.visibleSql(viewer, alias);
  const granted = grantSql(viewer, permission, alias);
  if (granted.condition === 'TRUE') return visible;
  return {
    condition: `(${visible.condition} AND ${granted.condition})`,
    parameters: { ...visible.parameters, ...granted.parameters },
  };
}

/**
 * `accessCondition` as a Kysely fragment (the read layer's repositories): the same SQL text, its
 * named parameters bound as `$n`. access.spec checks it selects what the other forms do.
 */
export function accessSql(
  viewer: Viewer,
  permission: Permission,
  alias = SUBJECTS[PERMISSIONS[permission].subject].alias,
): RawBuilder<SqlBool> {
  const { condition, parameters } = accessCondition(viewer, permission, alias);
  return namedSql(condition, parameters);
}

/**
 * Whether the viewer holds `permission` on a row already read through the visibility policy (the
 * in-memory form of the grants of `accessCondition`, so a row in hand costs no second query).
 */
export function hasAccess(viewer: Viewer, permission: Permission, row: ObjectLiteral): boolean {
  return granted(viewer, PERMISSIONS[permission], row);
}

function granted(viewer: Viewer, rule: PermissionRule, row: ObjectLiteral): boolean {
  if (!rule.grants) return true;
  const sides = SUBJECTS[rule.subject].sides;
  return rule.grants.some((grant) => {
    if (!grant.side) return holdsGrant(viewer, grant.roles);
    const side = sides[grant.side] as Side;
    return holdsGrant(viewer, grant.roles, (row[side.property] as string | undefined) ?? null);
  });
}

/** The error for a row of `permission`'s subject the viewer may not read, or that does not exist. */
export function notFoundOf(permission: Permission): DomainError {
  return DomainError.notFound(SUBJECTS[PERMISSIONS[permission].subject].label);
}

/** The error for a row the viewer sees but may not act on as `permission` asks. */
function refusal(permission: Permission): DomainError {
  const rule = PERMISSIONS[permission];
  if (rule.refusal?.code === 'FORBIDDEN') return new DomainError('FORBIDDEN', rule.refusal.message);
  return DomainError.notFound(SUBJECTS[rule.subject].label);
}

/**
 * Throws unless the viewer holds `permission` on a row already read through the visibility policy:
 * FORBIDDEN or NOT_FOUND, as the permission's table says.
 */
export function assertAccess(viewer: Viewer, permission: Permission, row: ObjectLiteral): void {
  if (!granted(viewer, PERMISSIONS[permission], row)) throw refusal(permission);
}

/**
 * Of `ids`, those the viewer holds `permission` on, by one query (the shape of Immich's
 * `checkAccess`); `visible` are those the viewer may read at all.
 */
export async function checkAccess(
  manager: EntityManager,
  viewer: Viewer,
  permission: Permission,
  ids: readonly string[],
): Promise<{ allowed: Set<string>; visible: Set<string> }> {
  const wellFormed = [...new Set(ids)].filter(isUuid);
  if (wellFormed.length === 0) return { allowed: new Set(), visible: new Set() };
  const subject = SUBJECTS[PERMISSIONS[permission].subject];
  const visible = subject.visibleSql(viewer, subject.alias);
  const grant = grantSql(viewer, permission, subject.alias);
  const rows: { id: string; granted: boolean }[] = await manager
    .createQueryBuilder()
    .select(`${subject.alias}.id::text`, 'id')
    .addSelect(grant.condition, 'granted')
    .from(subject.table, subject.alias)
    .where(`${subject.alias}.id = ANY(CAST(:accessIds AS uuid[]))`, { accessIds: wellFormed })
    .andWhere(visible.condition, { ...visible.parameters, ...grant.parameters })
    .getRawMany();
  return {
    allowed: new Set(rows.filter((row) => row.granted).map((row) => row.id)),
    visible: new Set(rows.map((row) => row.id)),
  };
}

/**
 * Throws unless the viewer holds `permission` on every one of `ids`: NOT_FOUND for one the viewer
 * may not read (as for one that does not exist), else the permission's refusal.
 */
export async function requireAccess(
  manager: EntityManager,
  viewer: Viewer,
  permission: Permission,
  ids: readonly string[],
): Promise<void> {
  const { allowed, visible } = await checkAccess(manager, viewer, permission, ids);
  for (const id of ids) {
    if (!visible.has(id)) throw DomainError.notFound(SUBJECTS[PERMISSIONS[permission].subject].label);
    if (!allowed.has(id)) throw refusal(permission);
  }
}

/**
 * One row the viewer holds `permission` on, read with its permission in one query: NOT_FOUND for a
 * row the viewer may not read (or that does not exist), else the permission's refusal.
 */
export async function findWithAccess<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  viewer: Viewer,
  permission: Permission,
  id: string,
): Promise<T> {
  const subject = SUBJECTS[PERMISSIONS[permission].subject];
  if (!isUuid(id)) throw DomainError.notFound(subject.label);
  const grant = grantSql(viewer, permission, subject.alias);
  const query = visibleQuery(manager, entity, viewer, permission).andWhere(
    `${subject.alias}.id = :accessId`,
    {
      accessId: id,
    },
  );
  if (grant.condition === 'TRUE') {
    const row = await query.getOne();
    if (!row) throw DomainError.notFound(subject.label);
    return row;
  }
  const { entities, raw } = await query
    .addSelect(grant.condition, 'access_granted')
    .setParameters(grant.parameters)
    .getRawAndEntities();
  const [row] = entities;
  if (!row) throw DomainError.notFound(subject.label);
  if (!(raw[0] as { access_granted: boolean }).access_granted) throw refusal(permission);
  return row;
}

/**
 * A query over the rows of `entity` (the subject of `permission`) the viewer may read, under the
 * subject's alias: the base of lists, totals and single reads.
 */
export function visibleQuery<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  viewer: Viewer,
  permission: Permission,
): SelectQueryBuilder<T> {
  const subject = SUBJECTS[PERMISSIONS[permission].subject];
  const { condition, parameters } = subject.visibleSql(viewer, subject.alias);
  return manager.getRepository(entity).createQueryBuilder(subject.alias).where(condition, parameters);
}

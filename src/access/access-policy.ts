import type { Viewer } from '../viewer/viewer.js';
import { Confidentiality, RequestStatus, Role } from '../common/enums.js';
import { sqlValue } from '../common/status-sql.js';

/**
 * The one visibility policy (RULES.md, Visibility). A viewer sees an item when it belongs to their
 * own organization (drafts included), or when it is not a draft and either their role sees
 * everything (COORDINATOR, ADMIN) or its confidentiality is one their roles are granted:
 * PUBLIC for every signed-in user, RESTRICTED for PROVIDERs. CONFIDENTIAL items are otherwise seen
 * only by parties to a match on them. Every read path (single reads, lists, totals, comments,
 * history, subscriptions) goes through `grantsFor` and the SQL or in-memory form below.
 */
export interface Grants {
  /** Sees every non-draft item. */
  all: boolean;
  /** Confidentiality levels of non-draft items the viewer's roles may see. */
  levels: Confidentiality[];
  /** The viewer's own organization: sees all of its items, drafts included. */
  organizationId: string | null;
}

/** Confidentiality levels every signed-in user sees (and the only ones a CTC observer reads). */
export const LEVELS_EVERYONE_SEES: readonly Confidentiality[] = [Confidentiality.PUBLIC];

/**
 * The status in which a request or an offer is seen by its own organization only: DRAFT on both
 * sides (access-policy.spec checks that the two workflows name it alike).
 */
export const PRIVATE_STATUS = RequestStatus.DRAFT;

export function grantsFor(viewer: Viewer): Grants {
  const all = viewer.roles.includes(Role.COORDINATOR) || viewer.roles.includes(Role.ADMIN);
  const levels = new Set<Confidentiality>(LEVELS_EVERYONE_SEES);
  if (viewer.roles.includes(Role.PROVIDER)) levels.add(Confidentiality.RESTRICTED);
  return { all, levels: [...levels], organizationId: speaksForOrganization(viewer) };
}

/**
 * The organization a viewer acts for: only focal points (REQUESTER, PROVIDER) speak for theirs;
 * an observer or a coordinator placed in an organization gains nothing from it.
 */
export function speaksForOrganization(viewer: Viewer): string | null {
  const focalPoint = viewer.roles.includes(Role.REQUESTER) || viewer.roles.includes(Role.PROVIDER);
  return focalPoint ? viewer.organizationId : null;
}

/** What the policy needs to know about an item. */
export interface Visible {
  status: string;
  confidentiality: Confidentiality;
  ownerOrganizationId: string;
  /** Whether the viewer's organization is party to a match on the item. */
  viewerIsParty?: boolean;
}

export function canSee(viewer: Viewer, item: Visible): boolean {
  const grants = grantsFor(viewer);
  if (grants.organizationId !== null && item.ownerOrganizationId === grants.organizationId) return true;
  if (item.status === PRIVATE_STATUS) return false;
  return grants.all || grants.levels.includes(item.confidentiality) || item.viewerIsParty === true;
}

/** The organizations party to a match. */
export interface MatchParties {
  requestingOrganizationId: string;
  providerOrganizationId: string;
}

/** The in-memory form of `matchVisibilityCondition`. */
export function canSeeMatch(viewer: Viewer, match: MatchParties): boolean {
  if (grantsFor(viewer).all) return true;
  const organizationId = speaksForOrganization(viewer);
  return (
    organizationId !== null &&
    (organizationId === match.requestingOrganizationId || organizationId === match.providerOrganizationId)
  );
}

/** What something told to users (a notification) is about: a request or offer, or a match. */
export type Subject = { item: Visible } | { match: MatchParties };

/** Whether the viewer may see the subject: a notification about it reaches only such viewers. */
export function canSeeSubject(viewer: Viewer, subject: Subject): boolean {
  return 'item' in subject ? canSee(viewer, subject.item) : canSeeMatch(viewer, subject.match);
}

/** How an item links to matches, so the other party of a match on it may see it. */
export interface PartyLink {
  /** Column of `match` holding the item's id. */
  matchColumn: 'request_id' | 'offer_id';
  /** Column of `match` holding the other party's organization. */
  partyColumn: 'provider_organization_id' | 'requesting_organization_id';
}

/** The same rule as a SQL condition with named parameters, for lists, totals and single reads. */
export function visibilityCondition(
  viewer: Viewer,
  columns: { alias: string; ownerColumn: string; party?: PartyLink },
): { condition: string; parameters: Record<string, unknown> } {
  const grants = grantsFor(viewer);
  const a = columns.alias;
  const party =
    columns.party && grants.organizationId !== null
      ? ` OR EXISTS (SELECT 1 FROM "match" party_match WHERE party_match.${columns.party.matchColumn} = ${a}.id` +
        ` AND party_match.${columns.party.partyColumn} = :viewerOrganizationId)`
      : '';
  const shared = `${a}.status <> ${sqlValue(PRIVATE_STATUS)}`;
  const nonDraft = grants.all
    ? shared
    : `(${shared} AND (${a}.confidentiality = ANY(:visibleLevels::confidentiality[])${party}))`;
  const own = grants.organizationId !== null ? ` OR ${a}.${columns.ownerColumn} = :viewerOrganizationId` : '';
  return {
    condition: `(${nonDraft}${own})`,
    parameters: { visibleLevels: grants.levels, viewerOrganizationId: grants.organizationId },
  };
}

/**
 * Matches are seen by coordinators, admins and the two organizations party to them; CTC observers
 * see matches only as counts in reports.
 */
export function matchVisibilityCondition(
  viewer: Viewer,
  alias: string,
): { condition: string; parameters: Record<string, unknown> } {
  if (grantsFor(viewer).all) return { condition: 'TRUE', parameters: {} };
  const organizationId = speaksForOrganization(viewer);
  if (organizationId === null) return { condition: 'FALSE', parameters: {} };
  return {
    condition: `(${alias}.requesting_organization_id = :viewerOrganizationId OR ${alias}.provider_organization_id = :viewerOrganizationId)`,
    parameters: { viewerOrganizationId: organizationId },
  };
}

/**
 * A user's e-mail address as the viewer may read it: CTC observers read figures, not contacts, so they
 * get its first character and domain (`o•••@cted.test`); a viewer holding any other role reads it
 * whole. Without a viewer (the answer to a sign-in) it is the address the user has just typed.
 */
export function emailAsSeenBy(viewer: Viewer | undefined, email: string): string {
  if (!viewer || viewer.roles.some((role) => role !== Role.CTC_OBSERVER)) return email;
  const at = email.lastIndexOf('@');
  const [first = ''] = email.slice(0, Math.max(at, 0));
  return `${first}•••${at >= 0 ? email.slice(at) : ''}`;
}

/** Sign-in events (by e-mail address or user id, with IP addresses) are read by ADMINs only. */
export function readsSignInEvents(viewer: Viewer): boolean {
  return viewer.roles.includes(Role.ADMIN);
}

/**
 * Whose accounts a viewer manages (lists in the directory, and invites to): every organization's
 * for an ADMIN ('all'), their own organization's for a focal point, nobody's otherwise (null).
 */
export function manageableAccounts(viewer: Viewer): 'all' | { organizationId: string } | null {
  if (viewer.roles.includes(Role.ADMIN)) return 'all';
  const own = speaksForOrganization(viewer);
  return own ? { organizationId: own } : null;
}

/**
 * Why a viewer may not invite someone with `roles` into `organizationId`, or null when they may: an
 * ADMIN invites anyone anywhere; a focal point into their own organization, granting only roles they
 * hold themselves.
 */
export function invitationRefusal(
  viewer: Viewer,
  organizationId: string | null,
  roles: readonly Role[],
): string | null {
  const scope = manageableAccounts(viewer);
  if (!scope) return 'Only ADMINs and focal points invite people';
  if (scope === 'all') return null;
  if (organizationId !== scope.organizationId)
    return 'A focal point invites people into their own organization only';
  if (!roles.every((role) => viewer.roles.includes(role))) return 'A focal point grants only roles they hold';
  return null;
}

/** Whether a viewer sees an account's state (active or not, since when): it is theirs, or they manage it. */
export function seesAccountState(
  viewer: Viewer | undefined,
  user: { id: string; organizationId: string | null },
): boolean {
  if (!viewer) return false;
  if (viewer.id === user.id) return true;
  const scope = manageableAccounts(viewer);
  return scope === 'all' || (scope !== null && scope.organizationId === user.organizationId);
}

import { Decision, MatchAction, MatchStatus, Role } from '../common/enums.js';
import { StateMachine, SYSTEM, type Transition } from '../workflow/state-machine.js';

const { PROPOSED, AGREED, IN_DELIVERY, DELIVERED, DECLINED, CANCELLED, EXPIRED } = MatchStatus;
const requester = { roles: [Role.REQUESTER], party: 'requester' } as const;
const provider = { roles: [Role.PROVIDER], party: 'provider' } as const;
const coordinator = { roles: [Role.COORDINATOR] } as const;

/** The service's own move: a proposal left unanswered for MATCH_EXPIRY_DAYS expires. */
export const EXPIRE = 'EXPIRE';

/**
 * Every move of a match: the contract's actions (MatchAction), the parties' decisions (Decision) and
 * the service's expiry.
 */
export type MatchMove = MatchAction | Decision | typeof EXPIRE;

/**
 * The match workflow, every move in one table. A party decides once while the match is PROPOSED:
 * DECLINE ends it; ACCEPT agrees it once the other party has accepted too, and until then leaves it
 * PROPOSED (the service reads the other party's decision). A party may cancel before delivery
 * starts; a coordinator at any live stage. A proposal nobody answers expires (the service, on its
 * schedule: `match-deadlines.ts`).
 */
export const MATCH_TRANSITIONS: readonly Transition<MatchStatus, MatchMove>[] = [
  { from: [PROPOSED], action: Decision.ACCEPT, to: AGREED, by: [requester, provider] },
  { from: [PROPOSED], action: Decision.DECLINE, to: DECLINED, by: [requester, provider] },
  { from: [AGREED], action: MatchAction.START_DELIVERY, to: IN_DELIVERY, by: [provider, coordinator] },
  { from: [IN_DELIVERY], action: MatchAction.MARK_DELIVERED, to: DELIVERED, by: [provider, coordinator] },
  {
    from: [PROPOSED, AGREED],
    action: MatchAction.CANCEL,
    to: CANCELLED,
    by: [requester, provider, coordinator],
  },
  { from: [IN_DELIVERY], action: MatchAction.CANCEL, to: CANCELLED, by: [coordinator] },
  { from: [PROPOSED], action: EXPIRE, to: EXPIRED, by: [SYSTEM] },
];

export const matchMachine = new StateMachine<MatchStatus, MatchMove>(
  'match',
  MATCH_TRANSITIONS,
  Object.values(MatchStatus),
  [...Object.values(MatchAction), ...Object.values(Decision), EXPIRE],
);

/** The contract's actions among the moves (allowedActions lists these; decisions go through respondToMatch). */
export function isMatchAction(move: MatchMove): move is MatchAction {
  return (Object.values(MatchAction) as string[]).includes(move);
}

/** Matches that hold a request-offer pair (at most one per pair: the partial unique index `match_live_pair`). */
export const LIVE_MATCH_STATUSES: readonly MatchStatus[] = [PROPOSED, AGREED, IN_DELIVERY];

/**
 * Matches whose agreement stands: each took one unit of its offer's capacity, which cancelling one
 * gives back; the request's derived status follows them.
 */
export const CAPACITY_HOLDING_STATUSES: readonly MatchStatus[] = [AGREED, IN_DELIVERY, DELIVERED];

/** Whether a match holds a unit of its offer's capacity. */
export function holdsCapacity(match: { status: MatchStatus }): boolean {
  return CAPACITY_HOLDING_STATUSES.includes(match.status);
}

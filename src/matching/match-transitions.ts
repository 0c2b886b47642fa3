import { MatchAction, MatchStatus, Role } from '../common/enums.js';
import { StateMachine, type Transition } from '../workflow/state-machine.js';

const { PROPOSED, AGREED, IN_DELIVERY, DELIVERED, CANCELLED } = MatchStatus;
const requester = { roles: [Role.REQUESTER], party: 'requester' } as const;
const provider = { roles: [Role.PROVIDER], party: 'provider' } as const;
const coordinator = { roles: [Role.COORDINATOR] } as const;

/**
 * The match actions of the contract (MatchAction). Agreement and decline come from the parties'
 * decisions (respondToMatch), not from this table. A party may cancel before delivery starts; a
 * coordinator at any live stage.
 */
export const MATCH_TRANSITIONS: readonly Transition<MatchStatus, MatchAction>[] = [
  { from: [AGREED], action: MatchAction.START_DELIVERY, to: IN_DELIVERY, by: [provider, coordinator] },
  { from: [IN_DELIVERY], action: MatchAction.MARK_DELIVERED, to: DELIVERED, by: [provider, coordinator] },
  {
    from: [PROPOSED, AGREED],
    action: MatchAction.CANCEL,
    to: CANCELLED,
    by: [requester, provider, coordinator],
  },
  { from: [IN_DELIVERY], action: MatchAction.CANCEL, to: CANCELLED, by: [coordinator] },
];

export const matchMachine = new StateMachine(
  'match',
  MATCH_TRANSITIONS,
  Object.values(MatchStatus),
  Object.values(MatchAction),
);

/** Matches that hold a request-offer pair (at most one per pair). */
export const LIVE_MATCH_STATUSES: readonly MatchStatus[] = [PROPOSED, AGREED, IN_DELIVERY];
/** Matches that hold a unit of the offer's capacity. */
export const CAPACITY_HOLDING_STATUSES: readonly MatchStatus[] = [AGREED, IN_DELIVERY, DELIVERED];

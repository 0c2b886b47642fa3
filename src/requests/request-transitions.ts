import { RequestAction, RequestStatus, Role } from '../common/enums.js';
import { StateMachine, type Transition } from '../workflow/state-machine.js';

const {
  DRAFT,
  SUBMITTED,
  UNDER_REVIEW,
  CHANGES_REQUESTED,
  OPEN,
  MATCHED,
  IN_DELIVERY,
  WITHDRAWN,
  REJECTED,
  CLOSED,
} = RequestStatus;
const requester = { roles: [Role.REQUESTER], owner: true } as const;
const coordinator = { roles: [Role.COORDINATOR] } as const;

/** The request workflow of the contract (RequestAction); derived moves (MATCHED, IN_DELIVERY, COMPLETED) come from matches. */
export const REQUEST_TRANSITIONS: readonly Transition<RequestStatus, RequestAction>[] = [
  { from: [DRAFT, CHANGES_REQUESTED], action: RequestAction.SUBMIT, to: SUBMITTED, by: [requester] },
  { from: [SUBMITTED], action: RequestAction.START_REVIEW, to: UNDER_REVIEW, by: [coordinator] },
  { from: [UNDER_REVIEW], action: RequestAction.REQUEST_CHANGES, to: CHANGES_REQUESTED, by: [coordinator] },
  { from: [UNDER_REVIEW], action: RequestAction.APPROVE, to: OPEN, by: [coordinator] },
  { from: [UNDER_REVIEW], action: RequestAction.REJECT, to: REJECTED, by: [coordinator] },
  {
    from: [DRAFT, SUBMITTED, UNDER_REVIEW, CHANGES_REQUESTED, OPEN, MATCHED],
    action: RequestAction.WITHDRAW,
    to: WITHDRAWN,
    by: [requester],
  },
  { from: [OPEN, MATCHED], action: RequestAction.CLOSE, to: CLOSED, by: [coordinator] },
];

export const requestMachine = new StateMachine(
  'request',
  REQUEST_TRANSITIONS,
  Object.values(RequestStatus),
  Object.values(RequestAction),
);

/** Statuses in which the owning organization may still edit a request. */
export const EDITABLE_REQUEST_STATUSES: readonly RequestStatus[] = [DRAFT, CHANGES_REQUESTED];

/** Requests that seek offers: suggestions and matching rounds consider these only (RULES.md, Matching). */
export const SEEKING_REQUEST_STATUSES: readonly RequestStatus[] = [OPEN];

/** Requests in the marketplace: they take new proposals and agreements. */
export const MATCHABLE_REQUEST_STATUSES: readonly RequestStatus[] = [OPEN, MATCHED];

/** Requests whose status follows their matches (OPEN -> MATCHED -> IN_DELIVERY -> COMPLETED and back). */
export const MATCH_DRIVEN_REQUEST_STATUSES: readonly RequestStatus[] = [OPEN, MATCHED, IN_DELIVERY];

/** Statuses in which a request has left the marketplace: its proposals and agreements are cancelled. */
export const REQUEST_EXIT_STATUSES: readonly RequestStatus[] = [WITHDRAWN, CLOSED];

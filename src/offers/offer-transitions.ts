import { OfferAction, OfferStatus, Role } from '../common/enums.js';
import { StateMachine, SYSTEM, type Transition } from '../workflow/state-machine.js';

const { DRAFT, PUBLISHED, PAUSED, EXHAUSTED, CLOSED, WITHDRAWN } = OfferStatus;
const provider = { roles: [Role.PROVIDER], owner: true } as const;
const coordinator = { roles: [Role.COORDINATOR] } as const;

/**
 * The offer workflow of the contract (OfferAction). RESUME leads to PUBLISHED; the service then
 * applies the derived PUBLISHED <-> EXHAUSTED move from the remaining capacity.
 */
export const OFFER_TRANSITIONS: readonly Transition<OfferStatus, OfferAction>[] = [
  { from: [DRAFT], action: OfferAction.PUBLISH, to: PUBLISHED, by: [provider] },
  { from: [PUBLISHED], action: OfferAction.PAUSE, to: PAUSED, by: [provider] },
  { from: [PAUSED], action: OfferAction.RESUME, to: PUBLISHED, by: [provider] },
  // The service closes an offer by itself the day after its availableUntil (`offer-expiry.ts`).
  {
    from: [PUBLISHED, PAUSED],
    action: OfferAction.CLOSE,
    to: CLOSED,
    by: [provider, coordinator, SYSTEM],
  },
  { from: [DRAFT, PUBLISHED, PAUSED], action: OfferAction.WITHDRAW, to: WITHDRAWN, by: [provider] },
];

export const offerMachine = new StateMachine(
  'offer',
  OFFER_TRANSITIONS,
  Object.values(OfferStatus),
  Object.values(OfferAction),
);

/** Statuses in which the owning organization may still edit an offer. */
export const EDITABLE_OFFER_STATUSES: readonly OfferStatus[] = [DRAFT, PUBLISHED, PAUSED];

/** Offers available for new matches (with capacity left): the hard filters' side of offers. */
export const AVAILABLE_OFFER_STATUSES: readonly OfferStatus[] = [PUBLISHED];

/** Offers in the marketplace: engagements may be made on them while capacity lasts. */
export const ENGAGED_OFFER_STATUSES: readonly OfferStatus[] = [PUBLISHED, EXHAUSTED];

/** Statuses in which an offer has left the marketplace: its proposals and agreements are cancelled. */
export const OFFER_EXIT_STATUSES: readonly OfferStatus[] = [WITHDRAWN, CLOSED];

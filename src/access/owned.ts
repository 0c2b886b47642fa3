import type { PartyLink } from './access-policy.js';

/** Where an entity keeps its owner, for the visibility policy (the request and offer rows of SUBJECTS). */
export interface Owned {
  alias: string;
  ownerColumn: string;
  /** "Request", "Offer": used in NOT_FOUND messages. */
  label: string;
  table: string;
  /** Parties to a match on the item see it whatever its confidentiality. */
  party?: PartyLink;
}

/** Where requests keep their owner and how matches link to them. */
export const REQUEST_OWNED: Owned = {
  alias: 'r',
  ownerColumn: 'requesting_organization_id',
  label: 'Request',
  table: 'assistance_request',
  party: { matchColumn: 'request_id', partyColumn: 'provider_organization_id' },
};

/** Where offers keep their owner and how matches link to them. */
export const OFFER_OWNED: Owned = {
  alias: 'o',
  ownerColumn: 'provider_organization_id',
  label: 'Offer',
  table: 'assistance_offer',
  party: { matchColumn: 'offer_id', partyColumn: 'requesting_organization_id' },
};

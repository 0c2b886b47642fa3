import type { Owned } from './visible-query.js';

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

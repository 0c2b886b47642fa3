import { read, rowShape } from '../database/rows.js';
import { marketplaceColumns, type MarketplaceItemTable } from '../marketplace/marketplace.tables.js';
import { AssistanceOffer } from './assistance-offer.entity.js';

/** The `assistance_offer` table as the read layer sees it (migrations are its definition). */
export interface AssistanceOfferTable extends MarketplaceItemTable {
  provider_organization_id: string;
  mandate_paragraph: string;
  eligible_regions: string[];
  eligible_state_codes: string[];
  available_from: string | null;
  available_until: string | null;
  capacity: number;
  remaining_capacity: number;
  published_at: Date | null;
}

/** The tables of the offers domain, for `readLayer<OfferTables & …>`. */
export interface OfferTables {
  assistance_offer: AssistanceOfferTable;
}

type T = AssistanceOfferTable;

/** An offer as read by the read layer: every column the ORM selects, built into the entity. */
export const OFFER_ROW = rowShape<AssistanceOffer, T, 'search'>(AssistanceOffer, {
  ...marketplaceColumns<T>(),
  providerOrganizationId: 'provider_organization_id',
  mandateParagraph: 'mandate_paragraph',
  eligibleRegions: read<T>('eligible_regions', 'json'),
  eligibleStateCodes: read<T>('eligible_state_codes', 'json'),
  availableFrom: read<T>('available_from', 'day'),
  availableUntil: read<T>('available_until', 'day'),
  capacity: 'capacity',
  remainingCapacity: 'remaining_capacity',
  publishedAt: read<T>('published_at', 'epoch'),
});

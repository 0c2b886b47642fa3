import { read, rowShape } from '../database/rows.js';
import { AssistanceOffer } from './assistance-offer.entity.js';

/** The `assistance_offer` table as the read layer sees it (migrations are its definition). */
export interface AssistanceOfferTable {
  id: string;
  reference: string;
  title: string;
  description: string;
  provider_organization_id: string;
  sectors: string[];
  assistance_types: string[];
  protection_streams: string[];
  phases: string[];
  mandate_paragraph: string;
  eligible_regions: string[];
  eligible_state_codes: string[];
  languages: string[];
  delivery_modes: string[];
  available_from: string | null;
  available_until: string | null;
  capacity: number;
  remaining_capacity: number;
  budget_amount: string | null;
  budget_currency: string | null;
  confidentiality: string;
  status: string;
  version: number;
  created_by: string;
  idempotency_key: string | null;
  idempotency_fingerprint: string | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  /** Generated full-text search vector (not read, only matched). */
  search: string;
}

/** The tables of the offers domain, for `readLayer<OfferTables & …>`. */
export interface OfferTables {
  assistance_offer: AssistanceOfferTable;
}

type T = AssistanceOfferTable;

/** An offer as read by the read layer: every column the ORM selects, built into the entity. */
export const OFFER_ROW = rowShape<AssistanceOffer, T, 'search'>(AssistanceOffer, {
  id: 'id',
  reference: 'reference',
  title: 'title',
  description: 'description',
  providerOrganizationId: 'provider_organization_id',
  sectors: read<T>('sectors', 'json'),
  assistanceTypes: read<T>('assistance_types', 'json'),
  protectionStreams: read<T>('protection_streams', 'json'),
  phases: read<T>('phases', 'json'),
  mandateParagraph: 'mandate_paragraph',
  eligibleRegions: read<T>('eligible_regions', 'json'),
  eligibleStateCodes: read<T>('eligible_state_codes', 'json'),
  languages: read<T>('languages', 'json'),
  deliveryModes: read<T>('delivery_modes', 'json'),
  availableFrom: read<T>('available_from', 'day'),
  availableUntil: read<T>('available_until', 'day'),
  capacity: 'capacity',
  remainingCapacity: 'remaining_capacity',
  budgetAmount: read<T>('budget_amount', 'decimal'),
  budgetCurrency: 'budget_currency',
  confidentiality: 'confidentiality',
  status: 'status',
  version: 'version',
  createdBy: 'created_by',
  idempotencyKey: 'idempotency_key',
  idempotencyFingerprint: 'idempotency_fingerprint',
  createdAt: read<T>('created_at', 'epoch'),
  updatedAt: read<T>('updated_at', 'epoch'),
  publishedAt: read<T>('published_at', 'epoch'),
});

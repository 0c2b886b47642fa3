import { type ColumnRead, read } from '../database/rows.js';
import type { MarketplaceItem } from './marketplace-item.entity.js';

/**
 * The columns both sides' tables share (`assistance_request`, `assistance_offer`), as the read layer
 * sees them; each side's table adds its own (migrations are their definition).
 */
export interface MarketplaceItemTable {
  id: string;
  reference: string;
  title: string;
  description: string;
  sectors: string[];
  assistance_types: string[];
  protection_streams: string[];
  phases: string[];
  languages: string[];
  delivery_modes: string[];
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
  /** Generated full-text search vector (not read, only matched). */
  search: string;
}

/** The properties of a marketplace item every side reads from those columns. */
type SharedProperty = Exclude<keyof MarketplaceItem<string>, 'search'> & string;

/** How the shared columns are read into an item (`rowShape` of each side spreads these). */
export function marketplaceColumns<T extends MarketplaceItemTable>(): Record<SharedProperty, ColumnRead<T>> {
  return {
    id: 'id',
    reference: 'reference',
    title: 'title',
    description: 'description',
    sectors: read<T>('sectors', 'json'),
    assistanceTypes: read<T>('assistance_types', 'json'),
    protectionStreams: read<T>('protection_streams', 'json'),
    phases: read<T>('phases', 'json'),
    languages: read<T>('languages', 'json'),
    deliveryModes: read<T>('delivery_modes', 'json'),
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
  };
}

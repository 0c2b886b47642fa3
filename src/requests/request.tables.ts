import { read, rowShape } from '../database/rows.js';
import { AssistanceRequest } from './assistance-request.entity.js';

/** The `assistance_request` table as the read layer sees it (migrations are its definition). */
export interface AssistanceRequestTable {
  id: string;
  reference: string;
  title: string;
  description: string;
  requesting_organization_id: string;
  beneficiary_state_codes: string[];
  beneficiary_regions: string[];
  sectors: string[];
  assistance_types: string[];
  protection_streams: string[];
  phases: string[];
  mandate_paragraphs: string[];
  priority: string;
  confidentiality: string;
  languages: string[];
  delivery_modes: string[];
  desired_start: string | null;
  desired_end: string | null;
  budget_amount: string | null;
  budget_currency: string | null;
  cted_recommendation_ref: string | null;
  status: string;
  version: number;
  created_by: string;
  idempotency_key: string | null;
  idempotency_fingerprint: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  opened_at: Date | null;
  /** Generated full-text search vector (not read, only matched). */
  search: string;
}

/** The tables of the requests domain, for `readLayer<RequestTables & …>`. */
export interface RequestTables {
  assistance_request: AssistanceRequestTable;
}

type T = AssistanceRequestTable;

/** A request as read by the read layer: every column the ORM selects, built into the entity. */
export const REQUEST_ROW = rowShape<AssistanceRequest, T, 'search'>(AssistanceRequest, {
  id: 'id',
  reference: 'reference',
  title: 'title',
  description: 'description',
  requestingOrganizationId: 'requesting_organization_id',
  beneficiaryStateCodes: read<T>('beneficiary_state_codes', 'json'),
  beneficiaryRegions: read<T>('beneficiary_regions', 'json'),
  sectors: read<T>('sectors', 'json'),
  assistanceTypes: read<T>('assistance_types', 'json'),
  protectionStreams: read<T>('protection_streams', 'json'),
  phases: read<T>('phases', 'json'),
  mandateParagraphs: read<T>('mandate_paragraphs', 'json'),
  priority: 'priority',
  confidentiality: 'confidentiality',
  languages: read<T>('languages', 'json'),
  deliveryModes: read<T>('delivery_modes', 'json'),
  desiredStart: read<T>('desired_start', 'day'),
  desiredEnd: read<T>('desired_end', 'day'),
  budgetAmount: read<T>('budget_amount', 'decimal'),
  budgetCurrency: 'budget_currency',
  ctedRecommendationRef: 'cted_recommendation_ref',
  status: 'status',
  version: 'version',
  createdBy: 'created_by',
  idempotencyKey: 'idempotency_key',
  idempotencyFingerprint: 'idempotency_fingerprint',
  createdAt: read<T>('created_at', 'epoch'),
  updatedAt: read<T>('updated_at', 'epoch'),
  submittedAt: read<T>('submitted_at', 'epoch'),
  openedAt: read<T>('opened_at', 'epoch'),
});

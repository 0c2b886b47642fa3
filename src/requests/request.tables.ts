import { read, rowShape } from '../database/rows.js';
import { marketplaceColumns, type MarketplaceItemTable } from '../marketplace/marketplace.tables.js';
import { AssistanceRequest } from './assistance-request.entity.js';

/** The `assistance_request` table as the read layer sees it (migrations are its definition). */
export interface AssistanceRequestTable extends MarketplaceItemTable {
  requesting_organization_id: string;
  beneficiary_state_codes: string[];
  beneficiary_regions: string[];
  mandate_paragraphs: string[];
  priority: string;
  desired_start: string | null;
  desired_end: string | null;
  cted_recommendation_ref: string | null;
  submitted_at: Date | null;
  opened_at: Date | null;
}

/** The tables of the requests domain, for `readLayer<RequestTables & …>`. */
export interface RequestTables {
  assistance_request: AssistanceRequestTable;
}

type T = AssistanceRequestTable;

/** A request as read by the read layer: every column the ORM selects, built into the entity. */
export const REQUEST_ROW = rowShape<AssistanceRequest, T, 'search'>(AssistanceRequest, {
  ...marketplaceColumns<T>(),
  requestingOrganizationId: 'requesting_organization_id',
  beneficiaryStateCodes: read<T>('beneficiary_state_codes', 'json'),
  beneficiaryRegions: read<T>('beneficiary_regions', 'json'),
  mandateParagraphs: read<T>('mandate_paragraphs', 'json'),
  priority: 'priority',
  desiredStart: read<T>('desired_start', 'day'),
  desiredEnd: read<T>('desired_end', 'day'),
  ctedRecommendationRef: 'cted_recommendation_ref',
  submittedAt: read<T>('submitted_at', 'epoch'),
  openedAt: read<T>('opened_at', 'epoch'),
});

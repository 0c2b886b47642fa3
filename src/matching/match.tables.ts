import { read, rowShape } from '../database/rows.js';
import { Match } from './match.entity.js';

/** The `match` table as the read layer sees it (migrations are its definition). */
export interface MatchTable {
  id: string;
  reference: string;
  request_id: string;
  offer_id: string;
  requesting_organization_id: string;
  provider_organization_id: string;
  score: number;
  score_breakdown: unknown;
  status: string;
  requester_decision: string;
  provider_decision: string;
  mandate_paragraph: string;
  note: string | null;
  proposed_by: string;
  proposed_at: Date;
  agreed_at: Date | null;
  delivery_started_at: Date | null;
  delivered_at: Date | null;
  evaluation_rating: number | null;
  evaluation_outcome: string | null;
  evaluation_good_practice: string | null;
  evaluation_lessons: string | null;
  evaluated_by: string | null;
  evaluated_at: Date | null;
  publication_consent: string;
  version: number;
  created_by: string;
  idempotency_key: string | null;
  idempotency_fingerprint: string | null;
  updated_at: Date;
}

/** The tables of the matching domain, for `readLayer<MatchTables & …>`. */
export interface MatchTables {
  match: MatchTable;
}

type T = MatchTable;

/** A match as read by the read layer: every column the ORM selects, built into the entity. */
export const MATCH_ROW = rowShape<Match, T>(Match, {
  id: 'id',
  reference: 'reference',
  requestId: 'request_id',
  offerId: 'offer_id',
  requestingOrganizationId: 'requesting_organization_id',
  providerOrganizationId: 'provider_organization_id',
  score: 'score',
  scoreBreakdownData: 'score_breakdown',
  status: 'status',
  requesterDecision: 'requester_decision',
  providerDecision: 'provider_decision',
  mandateParagraph: 'mandate_paragraph',
  note: 'note',
  proposedBy: 'proposed_by',
  proposedAt: read<T>('proposed_at', 'epoch'),
  publicationConsent: 'publication_consent',
  agreedAt: read<T>('agreed_at', 'epoch'),
  deliveryStartedAt: read<T>('delivery_started_at', 'epoch'),
  deliveredAt: read<T>('delivered_at', 'epoch'),
  evaluationRating: 'evaluation_rating',
  evaluationOutcome: 'evaluation_outcome',
  evaluationGoodPractice: 'evaluation_good_practice',
  evaluationLessons: 'evaluation_lessons',
  evaluatedBy: 'evaluated_by',
  evaluatedAt: read<T>('evaluated_at', 'epoch'),
  version: 'version',
  createdBy: 'created_by',
  idempotencyKey: 'idempotency_key',
  idempotencyFingerprint: 'idempotency_fingerprint',
  updatedAt: read<T>('updated_at', 'epoch'),
});

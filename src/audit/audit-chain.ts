import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';

/** What an audit event says; the chain adds sequence, time and hashes. */
export interface AuditContent {
  sequence: number;
  entityType: string;
  entityId: string;
  action: string;
  actorId: string | null;
  at: Date;
  payload: unknown;
}

/** hash = sha256(previous_hash || canonical content), hex; the first event chains from the empty string. */
export function auditHash(previousHash: string | null, content: AuditContent): string {
  const canonical = canonicalJson({
    sequence: content.sequence,
    entityType: content.entityType,
    entityId: content.entityId,
    action: content.action,
    actorId: content.actorId,
    at: content.at.toISOString(),
    payload: content.payload ?? null,
  });
  return createHash('sha256')
    .update(previousHash ?? '')
    .update(canonical)
    .digest('hex');
}

export interface ChainLink extends AuditContent {
  previousHash: string | null;
  hash: string;
}

export interface ChainCursor {
  expectedSequence: number;
  previousHash: string | null;
}

export const CHAIN_START: ChainCursor = { expectedSequence: 1, previousHash: null };

/** Checks one link against the chain so far; returns the next cursor, or null when the link is broken. */
export function verifyLink(cursor: ChainCursor, link: ChainLink): ChainCursor | null {
  if (link.sequence !== cursor.expectedSequence) return null;
  if (link.previousHash !== cursor.previousHash) return null;
  if (auditHash(link.previousHash, link) !== link.hash) return null;
  return { expectedSequence: link.sequence + 1, previousHash: link.hash };
}

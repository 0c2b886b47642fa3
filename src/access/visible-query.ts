import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Viewer } from '../auth/viewer.js';
import { DomainError } from '../common/errors.js';
import { isUuid } from '../common/validation.js';
import { type PartyLink, visibilityCondition } from './access-policy.js';

/** Where an entity keeps its owner, for the visibility policy. */
export interface Owned {
  alias: string;
  ownerColumn: string;
  /** "Request", "Offer": used in NOT_FOUND messages. */
  label: string;
  /** The table of the entity, for conditions on rows that refer to it by id (audit events). */
  table: string;
  /** Parties to a match on the item see it whatever its confidentiality. */
  party?: PartyLink;
}

/** A query over the rows of `entity` the viewer may see. */
export function visibleQuery<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  viewer: Viewer,
  owned: Owned,
): SelectQueryBuilder<T> {
  const { condition, parameters } = visibilityCondition(viewer, owned);
  return manager.getRepository(entity).createQueryBuilder(owned.alias).where(condition, parameters);
}

/** One row the viewer may see, or NOT_FOUND: the same answer as for a row that does not exist. */
export async function findVisible<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  viewer: Viewer,
  id: string,
  owned: Owned,
): Promise<T> {
  if (!isUuid(id)) throw DomainError.notFound(owned.label);
  const row = await visibleQuery(manager, entity, viewer, owned)
    .andWhere(`${owned.alias}.id = :id`, { id })
    .getOne();
  if (!row) throw DomainError.notFound(owned.label);
  return row;
}

/** The answer to a conditional update that found the row changed. */
export function staleVersion(label: string, current?: number): DomainError {
  return new DomainError(
    'CONFLICT',
    current === undefined
      ? `The ${label.toLowerCase()} changed meanwhile; reload it and try again`
      : `The ${label.toLowerCase()} is at version ${current}; reload it and try again`,
  );
}

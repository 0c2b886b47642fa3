import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { matchVisibilityCondition } from '../access/access-policy.js';
import type { Viewer } from '../auth/viewer.js';
import { Comment } from '../comments/comment.entity.js';
import { Match } from '../matching/match.entity.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { User } from '../organizations/user.entity.js';
import { StatusChange } from '../workflow/status-change.entity.js';

/** One small batching loader per relation; a fresh set per GraphQL request (no cross-request cache). */
export function createLoaders(dataSource: DataSource, viewer: () => Viewer | undefined) {
  const byIds = <T extends { id: string }>(entity: new () => T, select?: (keyof T & string)[]) =>
    new DataLoader<string, T | null>(async (ids) => {
      const rows = await dataSource.getRepository(entity).find({
        where: { id: In([...ids]) } as never,
        ...(select ? { select: Object.fromEntries(select.map((key) => [key, true])) as never } : {}),
      });
      const found = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => found.get(id) ?? null);
    });
  /** Rows grouped by a parent id, in the order given (oldest first). */
  const grouped = <T>(load: (ids: string[]) => Promise<T[]>, parentOf: (row: T) => string) =>
    new DataLoader<string, T[]>(async (ids) => {
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of await load([...ids])) groups.get(parentOf(row))?.push(row);
      return ids.map((id) => groups.get(id) ?? []);
    });
  /** Matches the viewer may see, grouped by a column (request_id or offer_id). */
  const visibleMatches = (column: 'request_id' | 'offer_id', key: 'requestId' | 'offerId') =>
    grouped(
      (ids) => {
        const who = viewer();
        if (!who) return Promise.resolve([]);
        const { condition, parameters } = matchVisibilityCondition(who, 'm');
        return dataSource
          .getRepository(Match)
          .createQueryBuilder('m')
          .where(`m.${column} IN (:...ids)`, { ids })
          .andWhere(condition, parameters)
          .orderBy('m.reference_number', 'ASC')
          .getMany();
      },
      (row) => row[key],
    );
  return {
    organization: byIds(Organization),
    request: byIds(AssistanceRequest),
    offer: byIds(AssistanceOffer),
    matchesByRequest: visibleMatches('request_id', 'requestId'),
    matchesByOffer: visibleMatches('offer_id', 'offerId'),
    // Authors and actors of whole pages: everything but the password hash, which stays in the database.
    user: byIds(User, ['id', 'email', 'displayName', 'roles', 'organizationId', 'createdAt', 'updatedAt']),
    history: grouped(
      (ids) =>
        dataSource.getRepository(StatusChange).find({ where: { entityId: In(ids) }, order: { id: 'ASC' } }),
      (row) => row.entityId,
    ),
    comments: grouped(
      (ids) =>
        dataSource
          .getRepository(Comment)
          .find({ where: { subjectId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      (row) => row.subjectId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

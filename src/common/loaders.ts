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
  const loaders = {
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
  return { ...loaders, primeThreads: (ids: string[]) => primeThreads(dataSource, loaders, ids) };
}

/**
 * The history and comments of a whole page, with their actors and authors, in one statement (JSON
 * built by the database), primed into the loaders so the page's field resolvers find them there
 * instead of sending three statements and hydrating every row. Same rows, order and columns as the
 * loaders read; for list resolvers whose nodes ask for history or comments.
 */
async function primeThreads(
  dataSource: DataSource,
  loaders: {
    history: DataLoader<string, StatusChange[]>;
    comments: DataLoader<string, Comment[]>;
    user: DataLoader<string, User | null>;
  },
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  const [row] = (await dataSource.query(PRIME_THREADS, [ids])) as {
    history: ThreadRow<StatusChange>[];
    comments: ThreadRow<Comment>[];
    users: ThreadRow<
      Pick<User, 'id' | 'email' | 'displayName' | 'roles' | 'organizationId' | 'createdAt' | 'updatedAt'>
    >[];
  }[];
  if (!row) return;
  const history = new Map<string, StatusChange[]>(ids.map((id) => [id, []]));
  for (const change of row.history) {
    history
      .get(change.entityId)
      ?.push(Object.assign(new StatusChange(), change, { at: new Date(change.at) }));
  }
  const comments = new Map<string, Comment[]>(ids.map((id) => [id, []]));
  for (const comment of row.comments) {
    comments
      .get(comment.subjectId)
      ?.push(Object.assign(new Comment(), comment, { createdAt: new Date(comment.createdAt) }));
  }
  for (const [id, list] of history) loaders.history.prime(id, list);
  for (const [id, list] of comments) loaders.comments.prime(id, list);
  for (const user of row.users) {
    const { createdAt, updatedAt } = user;
    loaders.user.prime(
      user.id,
      Object.assign(new User(), user, { createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) }),
    );
  }
}

/** A row as JSON gives it: timestamps as ISO strings. */
type ThreadRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

const PRIME_THREADS = `
  WITH h AS (
    SELECT id::text AS id, entity_type AS "entityType", entity_id AS "entityId", from_status AS "from",
      to_status AS "to", action, actor_id AS "actorId", reason, at
    FROM status_change WHERE entity_id = ANY($1::uuid[])
  ), c AS (
    SELECT id, subject_type AS "subjectType", subject_id AS "subjectId", author_id AS "authorId", body,
      created_at AS "createdAt"
    FROM comment WHERE subject_id = ANY($1::uuid[])
  )
  SELECT
    (SELECT coalesce(json_agg(h ORDER BY h.id::bigint), '[]') FROM h) AS history,
    (SELECT coalesce(json_agg(c ORDER BY c."createdAt", c.id), '[]') FROM c) AS comments,
    (SELECT coalesce(json_agg(u), '[]') FROM (
      SELECT id, email, display_name AS "displayName", roles, organization_id AS "organizationId",
        created_at AS "createdAt", updated_at AS "updatedAt"
      FROM app_user WHERE id IN (SELECT "actorId" FROM h UNION SELECT "authorId" FROM c)
    ) u) AS users`;

export type Loaders = ReturnType<typeof createLoaders>;

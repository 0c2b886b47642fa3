import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { matchVisibilityCondition } from '../access/access-policy.js';
import { fastByIds } from '../database/fast-entities.js';
import type { Page } from './pagination.js';
import { preparedQuery } from '../database/prepared.js';
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
      const rows = select
        ? await dataSource.getRepository(entity).find({
            where: { id: In([...ids]) } as never,
            select: Object.fromEntries(select.map((key) => [key, true])) as never,
          })
        : await fastByIds(dataSource.getRepository(entity), ids);
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
          .orderBy('m.proposed_at', 'ASC')
          .addOrderBy('m.id', 'ASC')
          .getMany();
      },
      (row) => row[key],
    );
  const user = byIds(User, [...USER_FIELDS]);
  const threads = new DataLoader<string, Thread>((ids) => loadThreads(dataSource, user, ids));
  return {
    organization: byIds(Organization),
    request: byIds(AssistanceRequest),
    offer: byIds(AssistanceOffer),
    matchesByRequest: visibleMatches('request_id', 'requestId'),
    matchesByOffer: visibleMatches('offer_id', 'offerId'),
    user,
    history: { load: async (id: string) => (await threads.load(id)).history },
    comments: { load: async (id: string) => (await threads.load(id)).comments },
  };
}

/** What the user loader reads of authors and actors: everything but the password hash. */
const USER_FIELDS = [
  'id',
  'email',
  'displayName',
  'roles',
  'organizationId',
  'createdAt',
  'updatedAt',
] as const;

/** The status history and the comments of one request, offer or match, oldest first. */
interface Thread {
  history: StatusChange[];
  comments: Comment[];
}

/**
 * The threads of a whole batch (a list page's nodes), with their actors and authors, in one statement
 * whose JSON the database builds; the actors and authors are primed into the user loader, so the
 * page's `actor` and `author` fields send no statement of their own.
 */
async function loadThreads(
  dataSource: DataSource,
  users: DataLoader<string, User | null>,
  ids: readonly string[],
): Promise<Thread[]> {
  const [row] = (await preparedQuery(dataSource, THREADS, [ids])) as {
    history: ThreadRow<StatusChange>[];
    comments: ThreadRow<Comment>[];
    users: ThreadRow<Pick<User, (typeof USER_FIELDS)[number]>>[];
  }[];
  const threads = new Map<string, Thread>(ids.map((id) => [id, { history: [], comments: [] }]));
  for (const change of row?.history ?? []) {
    threads
      .get(change.entityId)
      ?.history.push(Object.assign(new StatusChange(), change, { at: new Date(change.at) }));
  }
  for (const comment of row?.comments ?? []) {
    threads
      .get(comment.subjectId)
      ?.comments.push(Object.assign(new Comment(), comment, { createdAt: new Date(comment.createdAt) }));
  }
  for (const user of row?.users ?? []) {
    const { createdAt, updatedAt } = user;
    users.prime(
      user.id,
      Object.assign(new User(), user, { createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) }),
    );
  }
  return ids.map((id) => threads.get(id) as Thread);
}

/** A row as JSON gives it: timestamps as ISO strings. */
type ThreadRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

const THREADS = `
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

/** A list page, once the organization loader is primed with the organizations read with its rows. */
export async function withIncludedOrganizations<T>(
  loaders: Loaders,
  page: Promise<Page<T>>,
): Promise<Page<T>> {
  const loaded = await page;
  for (const organization of loaded.included) {
    if (organization instanceof Organization) loaders.organization.prime(organization.id, organization);
  }
  return loaded;
}

import DataLoader from 'dataloader';
import { CompiledQuery } from 'kysely';
import type { DataSource } from 'typeorm';
import { prepared, readLayer } from '../database/kysely.js';
import type { USER_FIELDS } from '../organizations/organization.loaders.js';
import { User } from '../organizations/user.entity.js';
import { StatusChange } from '../workflow/status-change.entity.js';
import { Comment } from './comment.entity.js';

/**
 * The threads of a request, offer or match: its status history and its comments, oldest first. A whole
 * batch (a list page's nodes) is read in one statement, with its actors and authors, which are primed
 * into `users` so that the page's `actor` and `author` fields send no statement of their own.
 * `history` satisfies workflow's `HistoryLoaders`.
 */
export function threadLoaders(dataSource: DataSource, users: DataLoader<string, User | null>) {
  const threads = new DataLoader<string, Thread>((ids) => loadThreads(dataSource, users, ids));
  return {
    history: { load: async (id: string) => (await threads.load(id)).history },
    comments: { load: async (id: string) => (await threads.load(id)).comments },
  };
}

export type ThreadLoaders = ReturnType<typeof threadLoaders>;

/** The status history and the comments of one request, offer or match, oldest first. */
interface Thread {
  history: StatusChange[];
  comments: Comment[];
}

async function loadThreads(
  dataSource: DataSource,
  users: DataLoader<string, User | null>,
  ids: readonly string[],
): Promise<Thread[]> {
  const [row] = await prepared(readLayer(dataSource), {
    compile: () =>
      CompiledQuery.raw(THREADS, [ids]) as CompiledQuery<{
        history: ThreadRow<StatusChange>[];
        comments: ThreadRow<Comment>[];
        users: ThreadRow<Pick<User, (typeof USER_FIELDS)[number]>>[];
      }>,
  });
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

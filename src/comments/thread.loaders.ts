import DataLoader from 'dataloader';
import { type Kysely, sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { compileOnly, prepared, readLayer } from '../database/kysely.js';
import { EXAMPLE_IDS, sqlSnapshots } from '../reads/sql-snapshots.js';
import { USER_ROW } from '../organizations/organization.tables.js';
import type { User } from '../organizations/user.entity.js';
import { StatusChange } from '../workflow/status-change.entity.js';
import { Comment } from './comment.entity.js';

/**
 * The threads of a request, offer or match: its status history and its comments, oldest first. A whole
 * batch (a list page's nodes) is read in one statement, with its actors and authors, which are primed
 * into `users` so that the page's `actor` and `author` fields send no statement of their own.
 * `history` satisfies workflow's `HistoryLoaders`.
 */
export function threadLoaders(dataSource: DataSource, users: DataLoader<string, User | null>) {
  const db = readLayerOf(dataSource);
  const threads = new DataLoader<string, Thread>((ids) => loadThreads(db, users, ids));
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

/** One read layer per data source (the loaders are made for every request). */
const readLayers = new WeakMap<DataSource, Kysely<object>>();
function readLayerOf(dataSource: DataSource): Kysely<object> {
  let db = readLayers.get(dataSource);
  if (!db) {
    db = readLayer(dataSource);
    readLayers.set(dataSource, db);
  }
  return db;
}

async function loadThreads(
  db: Kysely<object>,
  users: DataLoader<string, User | null>,
  ids: readonly string[],
): Promise<Thread[]> {
  const [row] = await prepared(db, threadsQuery(db, ids));
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
  for (const json of row?.users ?? []) {
    const user = USER_ROW.build(json);
    users.prime(user.id, user);
  }
  return ids.map((id) => threads.get(id) as Thread);
}

/** A row as JSON gives it: timestamps as ISO strings. */
type ThreadRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

interface ThreadsRow {
  history: ThreadRow<StatusChange>[];
  comments: ThreadRow<Comment>[];
  /** As `USER_ROW.json` reads them. */
  users: Record<string, unknown>[];
}

/** The threads of `ids` in one statement, with the users who acted and wrote in them. */
export function threadsQuery(db: Kysely<object>, ids: readonly string[]) {
  const query = sql<ThreadsRow>`
  WITH h AS (
    SELECT id::text AS id, entity_type AS "entityType", entity_id AS "entityId", from_status AS "from",
      to_status AS "to", action, actor_id AS "actorId", reason, at
    FROM status_change WHERE entity_id = ANY(${ids}::uuid[])
  ), c AS (
    SELECT id, subject_type AS "subjectType", subject_id AS "subjectId", author_id AS "authorId", body,
      created_at AS "createdAt"
    FROM comment WHERE subject_id = ANY(${ids}::uuid[])
  )
  SELECT
    (SELECT coalesce(json_agg(h ORDER BY h.id::bigint), '[]') FROM h) AS history,
    (SELECT coalesce(json_agg(c ORDER BY c."createdAt", c.id), '[]') FROM c) AS comments,
    (SELECT coalesce(json_agg(${USER_ROW.json('u')}), '[]') FROM app_user u
      WHERE u.id IN (SELECT "actorId" FROM h UNION SELECT "authorId" FROM c)) AS users`;
  return { compile: () => query.compile(db) };
}

/** The threads statement, compiled for review (`queries/thread.loaders.sql`). */
export const THREAD_SNAPSHOTS = sqlSnapshots(import.meta.url, () => [
  { name: 'threads', args: 'two ids', query: threadsQuery(compileOnly<object>(), EXAMPLE_IDS) },
]);

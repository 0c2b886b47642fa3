import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { Comment } from '../comments/comment.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { User } from '../organizations/user.entity.js';
import { StatusChange } from '../workflow/status-change.entity.js';

/** One small batching loader per relation; a fresh set per GraphQL request (no cross-request cache). */
export function createLoaders(dataSource: DataSource) {
  const byIds = <T extends { id: string }>(entity: new () => T) =>
    new DataLoader<string, T | null>(async (ids) => {
      const rows = await dataSource.getRepository(entity).findBy({ id: In([...ids]) } as never);
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
  return {
    organization: byIds(Organization),
    user: byIds(User),
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

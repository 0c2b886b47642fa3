import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import { User } from '../organizations/user.entity.js';

/** One small batching loader per relation; a fresh set per GraphQL request (no cross-request cache). */
export function createLoaders(dataSource: DataSource) {
  const byIds = <T extends { id: string }>(entity: new () => T) =>
    new DataLoader<string, T | null>(async (ids) => {
      const rows = await dataSource.getRepository(entity).findBy({ id: In([...ids]) } as never);
      const found = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => found.get(id) ?? null);
    });
  return {
    organization: byIds(Organization),
    user: byIds(User),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

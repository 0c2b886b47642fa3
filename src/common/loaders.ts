import DataLoader from 'dataloader';

/**
 * The building blocks of the per-request loaders. Each domain owns the loaders of its relations
 * (`requests/request.loaders.ts` …); the composition root (src/app.loaders.ts) assembles a fresh set
 * per GraphQL request (no cross-request cache). This file knows no domain.
 */

/** One row per id (null when absent), read in one statement per batch by `load` (in any order). */
export function byIdsLoader<T extends { id: string }>(
  load: (ids: readonly string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Rows grouped by a parent id, in the order `load` gives them. */
export function groupedLoader<T>(
  load: (ids: string[]) => Promise<T[]>,
  parentOf: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of await load([...ids])) groups.get(parentOf(row))?.push(row);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/** What a field resolver needs of a loader. */
export interface Loader<V> {
  load(id: string): Promise<V>;
}

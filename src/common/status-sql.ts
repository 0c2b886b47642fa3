/**
 * Status sets as SQL. Statuses are enum values (upper-case words), so a set can be written into SQL
 * as a literal list; anything else is refused when the module loads, never at query time. SQL
 * conditions on statuses are built from the named sets next to each workflow table, never from
 * literals of their own (a spec checks this).
 */
const STATUS = /^[A-Z][A-Z_]*$/;

/** `('A', 'B')`: the set as an SQL list for `IN`, e.g. in a partial index or a constant condition. */
export function sqlList(statuses: readonly string[]): string {
  if (statuses.length === 0) throw new Error('an empty status set has no SQL list');
  return `(${statuses.map(sqlValue).join(', ')})`;
}

/** `'A'`: one status as an SQL literal. */
export function sqlValue(status: string): string {
  if (!STATUS.test(status)) throw new Error(`not a status: ${status}`);
  return `'${status}'`;
}

import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/idempotency.js';

/** Crockford's base32: digits and capitals without I, L, O and U, so nothing reads ambiguously. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 6;
const ATTEMPTS = 8;

/** A random digit of the code (0..31); replaceable in tests to force a collision. */
export type Draw = () => number;
const secureDraw: Draw = () => randomInt(CROCKFORD.length);

/**
 * `PREFIX-YYYY-XXXXXX`: six random base32 characters (about a billion per prefix and year), so a
 * reference says nothing about how many others were made before it (RULES.md, Visibility).
 */
export function randomReference(prefix: string, draw: Draw = secureDraw): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CROCKFORD[draw()];
  return `${prefix}-${new Date().getUTCFullYear()}-${code}`;
}

type ReferenceOptions = { prefix: string; constraint: string; count?: number; draw?: Draw };

/** Runs `attempt` with fresh references until the unique index `constraint` takes them. */
async function retriedOnClash<T>(
  options: ReferenceOptions,
  attempt: (references: string[]) => Promise<T>,
  clashed: () => Promise<unknown> = () => Promise.resolve(),
): Promise<T> {
  const { prefix, constraint, count = 1, draw = secureDraw } = options;
  for (let tries = 1; ; tries += 1) {
    const references = new Set<string>();
    while (references.size < count) references.add(randomReference(prefix, draw));
    try {
      return await attempt([...references]);
    } catch (error) {
      if (!isUniqueViolation(error, constraint) || tries >= ATTEMPTS) throw error;
      await clashed();
    }
  }
}

/**
 * Runs `insert` with `count` fresh references inside the caller's transaction; when the unique
 * index `constraint` refuses one, only this insert is rolled back (a savepoint) and it is retried
 * with new references.
 */
export function withUniqueReferences<T>(
  manager: EntityManager,
  options: ReferenceOptions,
  insert: (references: string[]) => Promise<T>,
): Promise<T> {
  return retriedOnClash(
    options,
    async (references) => {
      await manager.query('SAVEPOINT unique_reference');
      const result = await insert(references);
      await manager.query('RELEASE SAVEPOINT unique_reference');
      return result;
    },
    () => manager.query('ROLLBACK TO SAVEPOINT unique_reference'),
  );
}

/**
 * Runs `insert`, a statement of its own (so a refused reference leaves nothing to roll back), with
 * `count` fresh references, again with new ones while the unique index `constraint` refuses them.
 */
export function withFreshReferences<T>(
  options: ReferenceOptions,
  insert: (references: string[]) => Promise<T>,
): Promise<T> {
  return retriedOnClash(options, insert);
}

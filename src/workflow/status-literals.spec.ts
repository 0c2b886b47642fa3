import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Confidentiality, MatchStatus, OfferStatus, PartyDecision, RequestStatus } from '../common/enums.js';
import { projectRoot } from '../common/project-root.js';
import { sqlList, sqlValue } from '../common/status-sql.js';

const SRC = join(projectRoot(), 'src');
/** Where statuses are defined: the enums. Everything else names them through the enums and the named sets. */
const DEFINITIONS = new Set(['common/enums.ts']);
const VALUES = new Set<string>([
  ...Object.values(RequestStatus),
  ...Object.values(OfferStatus),
  ...Object.values(MatchStatus),
  ...Object.values(PartyDecision),
  ...Object.values(Confidentiality),
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Quoted words, as in `status = 'OPEN'`, `IN ('PROPOSED', 'AGREED')` or `=== "DRAFT"`. */
function quotedStatuses(text: string): string[] {
  return [...text.matchAll(/(['"])([A-Z][A-Z_]*)\1/g)]
    .map((m) => m[2] as string)
    .filter((word) => VALUES.has(word));
}

describe('status literals', () => {
  it('appear nowhere in src/ but in the enums: SQL and code use the named status sets', () => {
    const found = sources(SRC)
      .map((path) => relative(SRC, path).split('\\').join('/'))
      .filter((path) => !DEFINITIONS.has(path))
      .flatMap((path) =>
        quotedStatuses(readFileSync(join(SRC, path), 'utf8')).map((word) => `${path}: '${word}'`),
      );
    expect(found).toEqual([]);
  });

  it('are caught in SQL strings and comparisons alike', () => {
    expect(quotedStatuses(`WHERE r.status = 'OPEN' AND m.status IN ("PROPOSED", 'AGREED')`)).toEqual([
      'OPEN',
      'PROPOSED',
      'AGREED',
    ]);
    expect(quotedStatuses(`offer.status === 'EXHAUSTED' || code === 'CAPACITY_EXHAUSTED'`)).toEqual([
      'EXHAUSTED',
    ]);
  });

  it('are written into SQL from the sets, and nothing but statuses is', () => {
    expect(sqlList([MatchStatus.PROPOSED, MatchStatus.AGREED])).toBe(`('PROPOSED', 'AGREED')`);
    expect(sqlValue(OfferStatus.EXHAUSTED)).toBe(`'EXHAUSTED'`);
    expect(() => sqlValue(`OPEN' OR '1' = '1`)).toThrow(/not a status/);
    expect(() => sqlList([])).toThrow(/empty/);
  });
});

import fc from 'fast-check';
import { auditHash, CHAIN_START, type ChainLink, verifyLink } from './audit-chain.js';

function chain(entries: { entityId: string; action: string; payload: unknown }[]): ChainLink[] {
  const links: ChainLink[] = [];
  let previousHash: string | null = null;
  entries.forEach((entry, index) => {
    const content = {
      ...entry,
      sequence: index + 1,
      entityType: 'Test',
      actorId: null,
      at: new Date(1_700_000_000_000 + index),
    };
    const hash = auditHash(previousHash, content);
    links.push({ ...content, previousHash, hash });
    previousHash = hash;
  });
  return links;
}

function firstInvalid(links: ChainLink[]): number | null {
  let cursor = CHAIN_START;
  for (const link of links) {
    const next = verifyLink(cursor, link);
    if (!next) return cursor.expectedSequence;
    cursor = next;
  }
  return null;
}

const entries = fc.array(
  fc.record({ entityId: fc.uuid(), action: fc.constantFrom('CREATED', 'UPDATED'), payload: fc.jsonValue() }),
  { minLength: 2, maxLength: 20 },
);

describe('audit chain', () => {
  it('verifies an untouched chain', () => {
    fc.assert(fc.property(entries, (list) => firstInvalid(chain(list)) === null));
  });

  it('does not depend on the key order of the payload', () => {
    const at = new Date(0);
    const base = { sequence: 1, entityType: 'T', entityId: 'e', action: 'A', actorId: null, at };
    expect(auditHash(null, { ...base, payload: { a: 1, b: { c: 2, d: 3 } } })).toBe(
      auditHash(null, { ...base, payload: { b: { d: 3, c: 2 }, a: 1 } }),
    );
  });

  it('finds the first tampered event, whatever field changed', () => {
    fc.assert(
      fc.property(
        entries,
        fc.nat(),
        fc.constantFrom('action', 'entityId', 'payload', 'at', 'actorId'),
        (list, pick, field) => {
          const links = chain(list);
          const index = pick % links.length;
          const link = links[index] as ChainLink;
          const forged: ChainLink = { ...link };
          if (field === 'at') forged.at = new Date(link.at.getTime() + 1);
          else if (field === 'actorId') forged.actorId = 'intruder';
          else if (field === 'payload') forged.payload = { forged: JSON.stringify(link.payload) };
          else forged[field] = `${link[field]}-forged`;
          links[index] = forged;
          return firstInvalid(links) === index + 1;
        },
      ),
    );
  });

  it('finds a removed event and a re-hashed forgery that breaks the next link', () => {
    const links = chain([
      { entityId: 'a', action: 'X', payload: 1 },
      { entityId: 'b', action: 'X', payload: 2 },
      { entityId: 'c', action: 'X', payload: 3 },
    ]);
    expect(firstInvalid([links[0], links[2]] as ChainLink[])).toBe(2);
    const second = links[1] as ChainLink;
    const rehashed = { ...second, payload: 99 };
    rehashed.hash = auditHash(second.previousHash, rehashed);
    expect(firstInvalid([links[0], rehashed, links[2]] as ChainLink[])).toBe(3);
  });
});

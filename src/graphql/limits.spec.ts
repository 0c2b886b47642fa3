import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { aliasLimitRule, costLimitRule, depthLimitRule } from './limits.js';

const schema = buildSchema(`
  type Node { id: ID! child: Node name: String }
  type Query { root: Node }
`);

function codes(query: string): string[] {
  const errors = validate(schema, parse(query), [...specifiedRules, depthLimitRule(), aliasLimitRule()]);
  return errors.map((e) => String(e.extensions.code ?? 'GRAPHQL_VALIDATION'));
}

const nested = (depth: number) => `{ root ${'{ child '.repeat(depth - 2)}{ id }${' }'.repeat(depth - 2)} }`;

describe('depthLimitRule', () => {
  it('accepts 10 levels and refuses 11 with QUERY_TOO_COMPLEX', () => {
    expect(codes(nested(10))).toEqual([]); // root + 8 × child + id = 10 levels
    expect(codes(nested(11))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('counts the depth through named and inline fragments', () => {
    const viaFragments = `
      query { root { child { ...F } } }
      fragment F on Node { child { ... on Node { child { child { child { child { child { child { child { id } } } } } } } } } }
    `;
    expect(codes(viaFragments)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('does not count introspection', () => {
    const introspection = `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`;
    expect(codes(introspection)).toEqual([]);
  });

  it('survives fragment cycles (reported by the standard rules instead)', () => {
    const cyclic = `query { root { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }`;
    expect(codes(cyclic)).not.toContain('QUERY_TOO_COMPLEX');
  });
});

describe('aliasLimitRule', () => {
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: root { id }`).join(' ')} }`;

  it('accepts 30 aliases and refuses 31 once', () => {
    expect(codes(aliases(30))).toEqual([]);
    expect(codes(aliases(45))).toEqual(['QUERY_TOO_COMPLEX']);
  });
});

describe('costLimitRule', () => {
  const costSchema = buildSchema(`
    type Item { id: ID! children(first: Int): [Item!]! name: String }
    type Query { items(first: Int): [Item!]! one: Item }
  `);
  const costCodes = (query: string) =>
    validate(costSchema, parse(query), [...specifiedRules, costLimitRule(1000)]).map((e) =>
      String(e.extensions.code),
    );

  it('multiplies what lists select by how many items they may return', () => {
    expect(costCodes('{ items(first: 10) { id children(first: 10) { id name } } }')).toEqual([]); // 1 + 10 × (1 + 1 + 10 × 2) = 221
    expect(costCodes('{ items(first: 100) { id children(first: 100) { id } } }')).toEqual([
      'QUERY_TOO_COMPLEX',
    ]);
  });

  it('counts a variable page size as the largest page, and counts fragments', () => {
    const fragment = 'fragment F on Item { id name children(first: 5) { id } }';
    expect(costCodes('query($n: Int) { items(first: $n) { id } }')).toEqual([]); // 1 + 100 × 1
    expect(costCodes(`query($n: Int) { items(first: $n) { ...F } } ${fragment}`)).toEqual([]); // 1 + 100 × 8
    expect(
      costCodes(`query($n: Int) { items(first: $n) { ...F more: children(first: 2) { name } } } ${fragment}`),
    ).toEqual(['QUERY_TOO_COMPLEX']); // 1 + 100 × 11
  });
});

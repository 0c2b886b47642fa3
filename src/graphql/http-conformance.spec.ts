import { looksLikeJson, preferredMediaType } from './http-conformance.js';

describe('preferredMediaType', () => {
  it.each([
    [undefined, 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['application/graphql-response+json', 'graphql-response'],
    ['application/graphql-response+json, application/json;q=0.9', 'graphql-response'],
    ['application/json, application/graphql-response+json', 'json'],
    ['application/json;q=0.5, application/graphql-response+json', 'graphql-response'],
    ['application/graphql-response+json;q=0, application/json', 'json'],
  ])('for Accept %j answers %s', (accept, expected) => {
    expect(preferredMediaType(accept)).toBe(expected);
  });
});

describe('looksLikeJson', () => {
  const parses = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    '{ requests { totalCount } }',
    '{\n  a\n}',
    '  query Q { a }',
    'mutation { a }',
    '# comment\n{ a }',
    '{ ...F } fragment F on Query { a }',
    '{}',
    '{ }',
    '{"query": "{ a }"}',
    '  {"a": 1}',
    '["{ a }"]',
    '"{ a }"',
    '42',
    '-1.5e3',
    'true',
    ' null ',
    'false',
    '{"unterminated": ',
    '',
    '\u00a0{"a": 1}',
    '\ufeff42',
    '\v true',
  ])('answers %j as JSON.parse does', (text) => {
    expect(looksLikeJson(text)).toBe(parses(text));
  });
});

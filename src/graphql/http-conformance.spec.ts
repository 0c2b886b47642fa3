import { preferredMediaType } from './http-conformance.js';

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

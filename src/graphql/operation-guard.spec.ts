import { buildSchema, parse, validate } from 'graphql';
import { withoutSuggestions } from './operation-guard.js';

describe('withoutSuggestions', () => {
  const schema = buildSchema(`
    enum Status { SUBMITTED OPEN }
    interface Node { id: ID! }
    type Request implements Node { id: ID! title: String! }
    type Query { request(id: ID!, status: Status): Request node: Node }
  `);

  it.each([
    ['a field', '{ request(id: "1") { titel } }'],
    ['an argument', '{ request(id: "1", statu: OPEN) { id } }'],
    ['an enum value', '{ request(id: "1", status: SUBMITED) { id } }'],
    ['an inline fragment', '{ node { title } }'],
    ['a type', 'query($s: Statu) { request(id: "1", status: $s) { id } }'],
  ])('removes what graphql-js suggests for %s', (_label, document) => {
    const [error] = validate(schema, parse(document));
    expect(error?.message).toMatch(/Did you mean/);
    const message = error!.message;
    expect(withoutSuggestions(message)).toBe(message.slice(0, message.indexOf(' Did you mean')));
  });

  it('leaves messages without a suggestion as they are', () => {
    expect(withoutSuggestions('Cannot query field "x" on type "Query".')).toBe(
      'Cannot query field "x" on type "Query".',
    );
  });
});

import { GraphQLError } from 'graphql';
import { formatGraphQLError } from './error-mapper.js';
import { DomainError, ERROR_CODES, httpStatusFor } from './errors.js';

function format(error: GraphQLError) {
  const unexpected: { error: unknown; id: string }[] = [];
  const formatted = formatGraphQLError(
    error,
    (e, id) => unexpected.push({ error: e, id }),
    () => 'req-1',
  );
  return { formatted, unexpected };
}

const atPath = (originalError: Error) =>
  new GraphQLError(originalError.message, { path: ['me'], originalError });

describe('formatGraphQLError', () => {
  it.each(ERROR_CODES.filter((c) => c !== 'INTERNAL_SERVER_ERROR'))(
    'passes a DomainError %s through with its message',
    (code) => {
      const { formatted, unexpected } = format(atPath(new DomainError(code, 'what went wrong')));
      expect(formatted).toEqual({ message: 'what went wrong', path: ['me'], extensions: { code } });
      expect(unexpected).toEqual([]);
    },
  );

  it('keeps the field a BAD_USER_INPUT error names', () => {
    const { formatted } = format(atPath(DomainError.badInput('input.title', 'must not be empty')));
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(formatted.message).toBe('input.title: must not be empty');
  });

  it('hides an unexpected error behind INTERNAL_SERVER_ERROR with a correlation id, and reports it', () => {
    const leak = new Error(
      'duplicate key value violates unique constraint "x" at /srv/app/src/db.ts:12 SELECT * FROM app_user',
    );
    const { formatted, unexpected } = format(atPath(leak));
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', correlationId: 'req-1' });
    expect(JSON.stringify(formatted)).not.toMatch(/duplicate|SELECT|\/srv|\.ts/);
    expect(unexpected).toEqual([{ error: leak, id: 'req-1' }]);
  });

  it('answers parse and validation errors (no path, no original) with BAD_USER_INPUT', () => {
    const { formatted } = format(new GraphQLError('Syntax Error: Expected Name, found <EOF>.'));
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('keeps QUERY_TOO_COMPLEX from the limit rules', () => {
    const { formatted } = format(new GraphQLError('too deep', { extensions: { code: 'QUERY_TOO_COMPLEX' } }));
    expect(formatted.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
  });

  it("treats the HTTP layer's 4xx errors as BAD_USER_INPUT and never leaks other codes", () => {
    const bodyError = Object.assign(new Error('Body is not valid JSON'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(
      format(new GraphQLError('Body is not valid JSON', { originalError: bodyError })).formatted.extensions,
    ).toEqual({
      code: 'BAD_USER_INPUT',
    });
    const foreign = new GraphQLError('x', { path: ['me'], extensions: { code: 'SOMETHING_ELSE' } });
    expect(format(foreign).formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('has an HTTP status for every code', () => {
    for (const code of ERROR_CODES) expect(httpStatusFor(code)).toBeGreaterThanOrEqual(400);
  });
});

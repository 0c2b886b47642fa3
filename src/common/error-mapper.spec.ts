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

  it('answers text PostgreSQL cannot store as bad input, not as an internal error', () => {
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    const original = Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
    const unexpected: unknown[] = [];
    const formatted = formatGraphQLError(
      new GraphQLError(original.message, { originalError: original, path: ['createUser'] }),
      (error) => unexpected.push(error),
      () => 'id',
    );
    expect(formatted.extensions?.code).toBe('BAD_USER_INPUT');
    expect(formatted.message).not.toMatch(/UTF8|0x00/);
    expect(unexpected).toEqual([]);
  });

  describe('a database that is away', () => {
    const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
    const queryFailed = (driverError: Error) =>
      Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
    it.each([
      [
        'a refused connection',
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
          syscall: 'connect',
        }),
      ],
      [
        'a missing socket',
        Object.assign(new Error('connect ENOENT /srv/data/run/.s.PGSQL.5432'), {
          code: 'ENOENT',
          syscall: 'connect',
        }),
      ],
      [
        'a terminated backend',
        queryFailed(pgError('57P01', 'terminating connection due to administrator command')),
      ],
      [
        'a crashed server',
        queryFailed(pgError('57P02', 'terminating connection because of crash of another server process')),
      ],
      ['a server in recovery', pgError('57P03', 'the database system is in recovery mode')],
      ['a broken connection', queryFailed(pgError('08006', 'connection failure'))],
      ['a connection that ended', new Error('Connection terminated unexpectedly')],
      ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
      [
        'a client that lost its connection',
        new Error('Client has encountered a connection error and is not queryable'),
      ],
      [
        'a transaction whose connection dropped',
        Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), {
          name: 'QueryRunnerAlreadyReleasedError',
        }),
      ],
    ])('answers %s with a retryable SERVICE_UNAVAILABLE, unlogged and without internals', (_what, cause) => {
      const { formatted, unexpected } = format(atPath(cause));
      expect(formatted.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(formatted.message).toMatch(/database is unavailable.*retry/i);
      expect(JSON.stringify(formatted)).not.toMatch(/ECONN|ENOENT|5432|\/srv|terminat|recovery/);
      expect(unexpected).toEqual([]);
    });

    it('keeps other failures of the database INTERNAL_SERVER_ERROR', () => {
      const syntax = queryFailed(pgError('42601', 'syntax error at or near "SELEC"'));
      expect(format(atPath(syntax)).formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const notFound = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open' });
      expect(format(atPath(notFound)).formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    });
  });

  it('has an HTTP status for every code', () => {
    for (const code of ERROR_CODES) expect(httpStatusFor(code)).toBeGreaterThanOrEqual(400);
  });
});

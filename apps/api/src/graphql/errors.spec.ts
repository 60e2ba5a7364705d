import { GraphQLError, parse } from 'graphql';
import { formatError } from './errors';
import { tooComplex } from './query-limits';

/** A logger that keeps what it was given, to see what reaches the error log. */
function collectingLogger() {
  const lines: string[] = [];
  return { lines, error: (_obj: unknown, msg: string) => void lines.push(msg) };
}

function apolloError(message: string, code: string, originalError?: Error) {
  return new GraphQLError(message, { extensions: { code }, originalError });
}

describe('formatError', () => {
  it.each([
    'BAD_REQUEST',
    'GRAPHQL_PARSE_FAILED',
    'GRAPHQL_VALIDATION_FAILED',
    'PERSISTED_QUERY_NOT_FOUND',
    'OPERATION_RESOLUTION_FAILURE',
    'RATE_LIMITED',
    'QUERY_TOO_COMPLEX',
  ])('keeps %s and does not log it as unexpected', (code) => {
    const log = collectingLogger();
    const e = apolloError('refused', code);
    expect(formatError(log)(e.toJSON(), e).extensions).toEqual({ code });
    expect(log.lines).toEqual([]);
  });

  it('the server’s own faults only: INTERNAL_SERVER_ERROR, logged, message hidden', () => {
    const log = collectingLogger();
    const e = apolloError('db is gone at /var/lib/x', '', new Error('db is gone'));
    const out = formatError(log)(e.toJSON(), e);
    expect(out).toMatchObject({ message: 'Internal server error' });
    expect(out.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(log.lines).toEqual(['unexpected error']);
  });

  it('a cost-limit rule reported through validation keeps QUERY_TOO_COMPLEX', () => {
    const rule = tooComplex('Query depth limit of 12 exceeded (MAX_QUERY_DEPTH)');
    const e = apolloError(rule.message, 'GRAPHQL_VALIDATION_FAILED', rule);
    expect(formatError(collectingLogger())(e.toJSON(), e).extensions?.code).toBe(
      'QUERY_TOO_COMPLEX',
    );
  });

  it('the token limit of graphql-js (a syntax error) becomes QUERY_TOO_COMPLEX', () => {
    let syntax: GraphQLError | undefined;
    try {
      parse('{ a b c d }', { maxTokens: 3 });
    } catch (err) {
      syntax = err as GraphQLError;
    }
    const e = apolloError(syntax!.message, 'GRAPHQL_PARSE_FAILED', syntax);
    const out = formatError(collectingLogger(), { tokenLimitMessage: 'too many tokens' })(
      e.toJSON(),
      e,
    );
    expect(out).toMatchObject({
      message: 'too many tokens',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('production: no "Did you mean" suggestions', () => {
    const e = apolloError(
      'Cannot query field "resolutoin" on type "Query". Did you mean "resolution" or "resolutions"?',
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(formatError(collectingLogger(), { hideSuggestions: true })(e.toJSON(), e).message).toBe(
      'Cannot query field "resolutoin" on type "Query".',
    );
    expect(formatError(collectingLogger())(e.toJSON(), e).message).toContain('Did you mean');
  });
});

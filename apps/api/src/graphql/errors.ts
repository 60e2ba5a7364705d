import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../../../../libs/shared/domain-errors';

const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'CONCURRENCY_CONFLICT',
  'SLOW_CONSUMER',
]);

/** Malformed requests (unknown enum value, wrong scalar, missing argument) are bad input too. */
const INPUT_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT']);

export interface ErrorLogger {
  error(obj: unknown, msg: string): void;
}

/** Every error leaves with a contract code and no stack; unexpected ones are logged, not shown. */
export function formatError(logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if ('field' in original) extensions.field = (original as { field: string }).field;
      return { ...base, message: original.message, extensions };
    }
    const code = String(formatted.extensions?.code ?? '');
    if (CONTRACT_CODES.has(code)) {
      const { stacktrace: _s, http: _h, ...rest } = formatted.extensions ?? {};
      return { ...base, extensions: { ...rest, code } };
    }
    if (INPUT_CODES.has(code)) return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    if (original instanceof GraphQLError && !original.originalError && code === '')
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    logger.error({ err: original }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

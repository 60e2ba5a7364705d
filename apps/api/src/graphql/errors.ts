import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError, TokenKind, type ASTNode, type Token } from 'graphql';
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
const INPUT_CODES = new Set([
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_USER_INPUT',
]);

export interface ErrorLogger {
  error(obj: unknown, msg: string): void;
}

/** Every error leaves with a contract code and no stack; unexpected ones are logged, not shown. */
export function formatError(logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
    };
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
    if (INPUT_CODES.has(code))
      return {
        ...base,
        message: namingField(base.message, original),
        extensions: { code: 'BAD_USER_INPUT' },
      };
    if (original instanceof GraphQLError && !original.originalError && code === '')
      return {
        ...base,
        message: namingField(base.message, original),
        extensions: { code: 'BAD_USER_INPUT' },
      };
    logger.error({ err: original }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

const VALUE_KINDS = new Set([
  'StringValue',
  'IntValue',
  'FloatValue',
  'BooleanValue',
  'NullValue',
  'EnumValue',
  'ListValue',
  'ObjectValue',
]);

/**
 * A malformed value written into the document (not a variable) is reported by graphql-js at the
 * value's node without naming its field; the contract wants the field named, so it is read from
 * the tokens before the value: `name: value`, or `name: [..., value]` for a list item.
 */
function namingField(message: string, error: unknown): string {
  const node = (error as { nodes?: readonly ASTNode[] } | null)?.nodes?.[0];
  if (!node || !VALUE_KINDS.has(node.kind)) return message;
  const name = fieldNameBefore(node.loc?.startToken.prev ?? null);
  return name && !message.includes(name) ? `${name}: ${message}` : message;
}

function fieldNameBefore(start: Token | null): string | null {
  let depth = 0;
  for (let tok = start; tok; tok = tok.prev) {
    if (tok.kind === TokenKind.BRACKET_R || tok.kind === TokenKind.BRACE_R) depth++;
    else if (tok.kind === TokenKind.BRACKET_L) {
      // At depth 0 this is the list the value is in: its field comes before it.
      if (depth > 0) depth--;
    } else if (tok.kind === TokenKind.BRACE_L || tok.kind === TokenKind.PAREN_L) {
      if (depth === 0) return null;
      depth--;
    } else if (depth === 0 && tok.kind === TokenKind.COLON && tok.prev?.kind === TokenKind.NAME)
      return tok.prev.value ?? null;
  }
  return null;
}

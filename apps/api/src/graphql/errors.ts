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
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
]);

/** Requests that are not valid GraphQL keep Apollo's standard codes (the contract README). */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Every code a client's own mistake is answered with: logged quietly, never as unexpected. */
export const CLIENT_CODES = new Set([...CONTRACT_CODES, ...REQUEST_CODES]);

export interface ErrorLogger {
  error(obj: unknown, msg: string): void;
}

export interface FormatOptions {
  /** Production: no "Did you mean" suggestions that would spell out the schema. */
  hideSuggestions?: boolean;
  /** The message for a document over the token limit (graphql-js says it as a syntax error). */
  tokenLimitMessage?: string;
}

/** Every error leaves with a contract code and no stack; unexpected ones are logged, not shown. */
export function formatError(logger: ErrorLogger, options: FormatOptions = {}) {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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
    // Cost limits reported by validation rules: Apollo recodes them GRAPHQL_VALIDATION_FAILED.
    const cause = (original as GraphQLError | null)?.originalError;
    if (cause instanceof GraphQLError && cause.extensions?.code === 'QUERY_TOO_COMPLEX')
      return { ...base, message: cause.message, extensions: { code: 'QUERY_TOO_COMPLEX' } };
    if (
      code === 'GRAPHQL_PARSE_FAILED' &&
      /Document contains more tha[nt] \d+ tokens/.test(base.message)
    )
      return {
        ...base,
        message: options.tokenLimitMessage ?? base.message,
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      };
    if (CONTRACT_CODES.has(code)) {
      const { stacktrace: _s, http: _h, ...rest } = formatted.extensions ?? {};
      return { ...base, extensions: { ...rest, code } };
    }
    // A malformed value written into the document, or a missing argument, is bad input.
    if (
      (code === 'GRAPHQL_VALIDATION_FAILED' || code === '') &&
      original instanceof GraphQLError &&
      isInputValueError(original)
    )
      return {
        ...base,
        message: namingField(base.message, original),
        extensions: { code: 'BAD_USER_INPUT' },
      };
    if (REQUEST_CODES.has(code)) return { ...base, extensions: { code } };
    if (original instanceof GraphQLError && !original.originalError && code === '')
      return {
        ...base,
        message: namingField(base.message, original),
        extensions: { code: 'BAD_USER_INPUT' },
      };
    // Apollo's own refusals of a request's shape that carry a 4xx status but no code (an
    // unsupported persisted-query version, a hash that does not match the query).
    const status = (original as GraphQLError | null)?.extensions?.http as
      { status?: number } | undefined;
    if (
      original instanceof GraphQLError &&
      !original.originalError &&
      typeof status?.status === 'number' &&
      status.status >= 400 &&
      status.status < 500
    )
      return { ...base, extensions: { code: 'BAD_REQUEST' } };
    logger.error({ err: original }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
  if (!options.hideSuggestions) return format;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const out = format(formatted, error);
    return { ...out, message: withoutSuggestions(out.message) };
  };
}

/** graphql-js appends its suggestions as one last sentence. */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/, '');
}

function isInputValueError(error: GraphQLError): boolean {
  const node = error.nodes?.[0];
  // An unknown field of an input object written into the document is bad input too.
  if (node && (VALUE_KINDS.has(node.kind) || node.kind === 'ObjectField')) return true;
  return /is required, but it was not provided|^Expected value of type|^Variable "\$\w+" got invalid value/.test(
    error.message,
  );
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

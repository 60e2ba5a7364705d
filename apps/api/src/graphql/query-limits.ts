import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export interface QueryLimitSettings {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
}

/** What a list without `first` is assumed to hold when the cost is estimated. */
export const UNPAGED_LIST_SIZE = 10;
/** A connection's `first` when the query does not give one (the contract's default page). */
export const DEFAULT_PAGE_SIZE = 100;

export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: QUERY_TOO_COMPLEX, http: { status: 400 } },
  });
}

/**
 * The estimate graphql-query-complexity adds up: each object costs 1 (scalars are free, the token
 * limit bounds them), and what a list holds counts as many times as the list may have items:
 * `first` (or the default page) for a connection, UNPAGED_LIST_SIZE for a plain list.
 */
export const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const named = getNamedType(field.type);
  const own = 'getFields' in named ? 1 : 0;
  if (field.args.some((a) => a.name === 'first')) {
    const first =
      typeof args.first === 'number' && args.first >= 0 ? args.first : DEFAULT_PAGE_SIZE;
    return own + first * childComplexity;
  }
  // A connection's edges are already counted by its `first`.
  if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection'))
    return own + UNPAGED_LIST_SIZE * childComplexity;
  return own + childComplexity;
};

/** Armor's rules throw their own error; reported instead, coded and naming the variable. */
function reportCoded(variable: string) {
  return (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(
      new GraphQLError(`${error.message.replace(/^Syntax Error: /, '')} (${variable})`, {
        extensions: { code: QUERY_TOO_COMPLEX, http: { status: 400 } },
      }),
    );
}

/**
 * Cost limits, checked before anything runs: the token limit while parsing (graphql-js's own
 * maxTokens), depth and aliases as validation rules (GraphQL Armor), the estimated cost once the
 * variables are known (graphql-query-complexity).
 */
export class QueryLimits {
  constructor(readonly settings: QueryLimitSettings) {}

  get parseOptions() {
    return { maxTokens: this.settings.maxTokens };
  }

  validationRules(): ValidationRule[] {
    const { maxDepth, maxAliases } = this.settings;
    return [
      maxDepthRule({
        n: maxDepth,
        flattenFragments: true,
        propagateOnRejection: false,
        onReject: [reportCoded('MAX_QUERY_DEPTH')],
      }),
      maxAliasesRule({
        n: maxAliases,
        propagateOnRejection: false,
        onReject: [reportCoded('MAX_QUERY_ALIASES')],
      }),
    ];
  }

  /** Throws QUERY_TOO_COMPLEX when the estimated cost of the operation is over the limit. */
  checkCost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
  ): void {
    let cost: number;
    try {
      cost = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        operationName: operationName ?? undefined,
        estimators: [estimator],
      });
    } catch {
      // Variables that do not coerce: execution refuses them with BAD_USER_INPUT.
      return;
    }
    if (cost > this.settings.maxCost)
      throw tooComplex(
        `estimated query cost ${cost} is over the limit of ${this.settings.maxCost} (MAX_QUERY_COST); ask for fewer items with first, or fewer nested lists`,
      );
  }

  /** Whether a parse error is graphql-js refusing a document over maxTokens. */
  static isTokenLimit(message: string): boolean {
    return /Document contains more tha[nt] \d+ tokens/.test(message);
  }

  tokenMessage(): string {
    return `the query has more than ${this.settings.maxTokens} tokens (MAX_QUERY_TOKENS)`;
  }
}

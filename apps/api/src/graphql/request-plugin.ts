import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import type { Actor } from '../../../../libs/workflows/shared/actor';
import type { Logger } from '../logger';
import type { GqlContext } from './gql-context';
import { CLIENT_CODES } from './errors';
import { MUTATION_ROLES } from './mutation-roles';
import type { QueryLimits } from './query-limits';
import type { ClientErrorLogBudget } from './rate-limit';

/**
 * Per request: refuse mutations the caller's role may not run before the input is coerced, and
 * log one line with actor, operation, duration and error codes (never the token).
 */
export function requestPlugin(
  logger: Logger,
  opts: { limits?: QueryLimits; clientErrors?: ClientErrorLogBudget } = {},
): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didResolveOperation({ operation, document, contextValue, schema, request }) {
          // Apollo calls this even for an unknown operationName, which execution then refuses.
          if (!operation) return;
          if (operation.operation === 'subscription')
            throw new GraphQLError('subscriptions are served over graphql-ws on /graphql', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          refuseRole(operation, contextValue.actor, document);
          opts.limits?.checkCost(schema, document, request.variables, request.operationName);
        },
        async willSendResponse({ contextValue, operationName, operation, errors }) {
          const codes = errors?.map((e) => String(e.extensions?.code ?? 'ERROR'));
          // A client's own mistakes: quietly, and at most so many lines per caller and minute.
          const clientOnly = codes !== undefined && codes.every((c) => CLIENT_CODES.has(c));
          if (clientOnly) {
            const key = contextValue?.actor?.id ?? 'anonymous';
            if (!logger.isLevelEnabled('debug')) return;
            if (opts.clientErrors && !(await opts.clientErrors.allows(key))) return;
          }
          logger[clientOnly ? 'debug' : 'info'](
            {
              actor: contextValue?.actor?.id,
              role: contextValue?.actor?.role,
              correlationId: contextValue?.correlationId,
              operation: operationName ?? operation?.operation,
              fields: operation ? rootFields(operation) : undefined,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              errors: codes,
            },
            'graphql',
          );
        },
      };
    },
  };
}

/**
 * The same role check on the raw request, run while the context is built: before validation, so a
 * refused role gets FORBIDDEN even when a value written into the document is malformed (which
 * validation would answer with BAD_USER_INPUT first). A document that does not parse is left to
 * the pipeline.
 */
export function refuseRoleInRequest(actor: Actor, body: unknown, maxTokens?: number): void {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  // Only a mutation can be refused, and a mutation says so in its text.
  if (typeof query !== 'string' || !query.includes('mutation')) return;
  const name = typeof operationName === 'string' ? operationName : null;
  const key = `${name ?? ''}\u0000${query}`;
  let parsed = parsedOperations.get(key);
  if (parsed === undefined) {
    let document: DocumentNode;
    try {
      // The same token limit as the pipeline: a huge document is refused there, not parsed here.
      document = parse(query, { noLocation: true, maxTokens });
    } catch {
      return;
    }
    parsed = { operation: getOperationAST(document, name) ?? null, document };
    // Clients send the same few documents over and over: parse each once.
    if (parsedOperations.size >= 500) parsedOperations.clear();
    parsedOperations.set(key, parsed);
  }
  refuseRole(parsed.operation, actor, parsed.document);
}

/** The role check for a parsed document (graphql-ws): a mutation the actor may not run is FORBIDDEN. */
export function refuseRoleInDocument(
  document: DocumentNode,
  operationName: string | null | undefined,
  actor: Actor,
): void {
  refuseRole(getOperationAST(document, operationName ?? undefined), actor, document);
}

const parsedOperations = new Map<
  string,
  { operation: OperationDefinitionNode | null; document: DocumentNode }
>();

function refuseRole(
  operation: OperationDefinitionNode | null | undefined,
  actor: Actor,
  document: DocumentNode,
): void {
  if (operation?.operation !== 'mutation') return;
  for (const field of rootFields(operation, document)) {
    const allowed = MUTATION_ROLES[field];
    if (allowed && !allowed.includes(actor.role))
      throw new GraphQLError(`${actor.role} may not run ${field}`, {
        extensions: { code: 'FORBIDDEN', http: { status: 200 } },
      });
  }
}

/** The operation's root fields, those spread from fragments included. */
function rootFields(operation: OperationDefinitionNode, document?: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document?.definitions ?? [])
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (selections: readonly SelectionNode[]) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) names.push(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet.selections);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  walk(operation.selectionSet.selections);
  return names;
}

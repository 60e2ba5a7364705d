import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Actor } from '../../../../libs/workflows/shared/actor';
import type { Logger } from '../logger';
import type { GqlContext } from './gql-context';
import { MUTATION_ROLES } from './mutation-roles';

/**
 * Per request: refuse mutations the caller's role may not run before the input is coerced, and
 * log one line with actor, operation, duration and error codes (never the token).
 */
export function requestPlugin(logger: Logger): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didResolveOperation({ operation, contextValue }) {
          refuseRole(operation, contextValue.actor);
        },
        async willSendResponse({ contextValue, operationName, operation, errors }) {
          logger.info(
            {
              actor: contextValue?.actor?.id,
              role: contextValue?.actor?.role,
              correlationId: contextValue?.correlationId,
              operation: operationName ?? operation?.operation,
              fields: operation ? rootFields(operation) : undefined,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              errors: errors?.map((e) => e.extensions?.code ?? 'ERROR'),
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
export function refuseRoleInRequest(actor: Actor, body: unknown): void {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  // Only a mutation can be refused, and a mutation says so in its text.
  if (typeof query !== 'string' || !query.includes('mutation')) return;
  const name = typeof operationName === 'string' ? operationName : null;
  const key = `${name ?? ''}\u0000${query}`;
  let operation = parsedOperations.get(key);
  if (operation === undefined) {
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true });
    } catch {
      return;
    }
    operation = getOperationAST(document, name);
    // Clients send the same few documents over and over: parse each once.
    if (parsedOperations.size >= 500) parsedOperations.clear();
    parsedOperations.set(key, operation ?? null);
  }
  refuseRole(operation, actor);
}

const parsedOperations = new Map<string, OperationDefinitionNode | null>();

function refuseRole(operation: OperationDefinitionNode | null | undefined, actor: Actor): void {
  if (operation?.operation !== 'mutation') return;
  for (const field of rootFields(operation)) {
    const allowed = MUTATION_ROLES[field];
    if (allowed && !allowed.includes(actor.role))
      throw new GraphQLError(`${actor.role} may not run ${field}`, {
        extensions: { code: 'FORBIDDEN', http: { status: 200 } },
      });
  }
}

function rootFields(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections
    .filter((s) => s.kind === Kind.FIELD)
    .map((s) => (s.kind === Kind.FIELD ? s.name.value : ''));
}

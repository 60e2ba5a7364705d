import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
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
          if (operation?.operation !== 'mutation') return;
          for (const field of rootFields(operation)) {
            const allowed = MUTATION_ROLES[field];
            if (allowed && !allowed.includes(contextValue.actor.role))
              throw new GraphQLError(`${contextValue.actor.role} may not run ${field}`, {
                extensions: { code: 'FORBIDDEN', http: { status: 200 } },
              });
          }
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

function rootFields(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections
    .filter((s) => s.kind === Kind.FIELD)
    .map((s) => (s.kind === Kind.FIELD ? s.name.value : ''));
}

import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
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
        // Before validation, so a refused role gets FORBIDDEN even when a value written into the
        // document is malformed (validation would answer BAD_USER_INPUT first).
        async validationDidStart({ document, request, contextValue }) {
          refuseRole(getOperationAST(document, request.operationName), contextValue);
        },
        // Again here: a document already validated once is cached and skips validation.
        async didResolveOperation({ operation, contextValue }) {
          refuseRole(operation, contextValue);
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

function refuseRole(operation: OperationDefinitionNode | null | undefined, ctx: GqlContext): void {
  if (operation?.operation !== 'mutation') return;
  for (const field of rootFields(operation)) {
    const allowed = MUTATION_ROLES[field];
    if (allowed && !allowed.includes(ctx.actor.role))
      throw new GraphQLError(`${ctx.actor.role} may not run ${field}`, {
        extensions: { code: 'FORBIDDEN', http: { status: 200 } },
      });
  }
}

function rootFields(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections
    .filter((s) => s.kind === Kind.FIELD)
    .map((s) => (s.kind === Kind.FIELD ? s.name.value : ''));
}

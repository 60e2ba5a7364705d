import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { Actor } from '../../../../libs/workflows/shared/actor';
import type { QueryLimits } from './query-limits';
import { refuseRoleInDocument } from './request-plugin';
import type { RequestRateLimit } from './rate-limit';

function requestError(message: string, code: string, original?: GraphQLError): GraphQLError {
  return new GraphQLError(message, {
    nodes: original?.nodes,
    source: original?.source,
    positions: original?.positions,
    originalError: original,
    extensions: { code },
  });
}

interface SocketContext {
  extra: { actor?: Actor };
}

interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/**
 * graphql-ws's onSubscribe: the same rate limit, cost limits and validation rules (introspection
 * off in production) as over HTTP, each refusal with the code HTTP would give it.
 */
export function guardedSubscribe(opts: {
  schema: () => GraphQLSchema | null;
  limits: QueryLimits;
  validationRules: ValidationRule[];
  rateLimit: RequestRateLimit;
}) {
  return async (
    ctx: SocketContext,
    _id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | GraphQLError[]> => {
    try {
      await opts.rateLimit.take(`actor:${ctx.extra.actor?.id}`);
    } catch (err) {
      return [err as GraphQLError];
    }
    const schema = opts.schema();
    if (!schema) return [requestError('the schema is not ready', 'BAD_REQUEST')];
    const variables = payload.variables ?? undefined;
    if (variables !== undefined && (typeof variables !== 'object' || Array.isArray(variables)))
      return [requestError('variables must be an object', 'BAD_REQUEST')];
    let document: DocumentNode;
    try {
      document = parse(payload.query, opts.limits.parseOptions);
    } catch (err) {
      const e = err as GraphQLError;
      return [requestError(e.message, 'GRAPHQL_PARSE_FAILED', e)];
    }
    // As over HTTP, a refused role comes before a malformed value in the document.
    try {
      if (ctx.extra.actor) refuseRoleInDocument(document, payload.operationName, ctx.extra.actor);
    } catch (err) {
      return [err as GraphQLError];
    }
    const invalid = validate(schema, document, [...specifiedRules, ...opts.validationRules]);
    if (invalid.length > 0)
      return invalid.map((e) => requestError(e.message, 'GRAPHQL_VALIDATION_FAILED', e));
    if (!getOperationAST(document, payload.operationName ?? undefined))
      return [
        requestError(
          'the document has no operation by that operationName',
          'OPERATION_RESOLUTION_FAILURE',
        ),
      ];
    try {
      opts.limits.checkCost(
        schema,
        document,
        variables as Record<string, unknown> | undefined,
        payload.operationName,
      );
    } catch (err) {
      return [err as GraphQLError];
    }
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: variables as Record<string, unknown> | undefined,
    };
  };
}

/** Open subscription connections per actor, bounded. */
export class SocketConnections {
  private readonly open = new Map<string, number>();

  constructor(readonly maxPerActor: number) {}

  /** Counts a new connection of `actorId`; false when it already holds the most it may. */
  tryOpen(actorId: string): boolean {
    const n = this.open.get(actorId) ?? 0;
    if (n >= this.maxPerActor) return false;
    this.open.set(actorId, n + 1);
    return true;
  }

  closed(actorId: string | undefined): void {
    if (actorId === undefined) return;
    const left = (this.open.get(actorId) ?? 1) - 1;
    if (left > 0) this.open.set(actorId, left);
    else this.open.delete(actorId);
  }
}

import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  getNamedType,
  isCompositeType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { tooComplex } from './query-limits';

/** How long a query may resolve fields before it gives the event loop to other requests. */
const YIELD_EVERY_MS = 10;

/** Fields that answer from long work done in chunks that yield, per the contract. */
const EXEMPT_ROOT_FIELDS = new Set(['verifyAnchor']);

export interface ExecutionBudget {
  readonly ms: number;
  readonly deadline: number;
  lastYield: number;
  exceeded: boolean;
}

interface BudgetContext {
  budget?: ExecutionBudget;
}

/**
 * The time budget of one query: every resolver checks it before running, and every
 * YIELD_EVERY_MS one waits for the event loop first, so /health and other requests are answered
 * while a costly query runs, and a query past its budget stops resolving fields.
 */
export function withExecutionBudget(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = type === schema.getQueryType();
    for (const field of Object.values(type.getFields())) {
      // A default resolver of a scalar only reads a property: nothing to bound.
      if (!field.resolve && !isCompositeType(getNamedType(field.type))) continue;
      field.resolve = budgeted(
        field.resolve ?? defaultFieldResolver,
        root && EXEMPT_ROOT_FIELDS.has(field.name),
      );
    }
  }
  return schema;
}

function budgeted(
  resolve: GraphQLFieldResolver<unknown, BudgetContext>,
  exempt: boolean,
): GraphQLFieldResolver<unknown, BudgetContext> {
  return (source, args, context, info) => {
    const budget = context?.budget;
    if (!budget) return resolve(source, args, context, info);
    if (exempt) {
      context.budget = undefined;
      return resolve(source, args, context, info);
    }
    const now = performance.now();
    if (now > budget.deadline) {
      budget.exceeded = true;
      throw overBudget(budget);
    }
    if (now - budget.lastYield < YIELD_EVERY_MS) return resolve(source, args, context, info);
    budget.lastYield = now;
    return yieldToEventLoop().then(() => {
      budget.lastYield = performance.now();
      return resolve(source, args, context, info);
    });
  };
}

function overBudget(budget: ExecutionBudget) {
  return tooComplex(
    `the query ran over its time budget of ${budget.ms} ms (QUERY_TIME_BUDGET_MS); ask for less`,
  );
}

/**
 * Starts the budget when a query (never a mutation: those wait for their projection) begins to
 * execute, and answers a query that ran over it with that one error instead of one per field.
 */
export function executionBudgetPlugin(ms: number): ApolloServerPlugin<BudgetContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation, contextValue }) {
          if (ms <= 0 || operation?.operation !== 'query') return;
          const now = performance.now();
          contextValue.budget = { ms, deadline: now + ms, lastYield: now, exceeded: false };
        },
        async willSendResponse({ contextValue, response }) {
          const budget = contextValue.budget;
          if (!budget?.exceeded || response.body.kind !== 'single') return;
          const error = overBudget(budget);
          response.http.status = 400;
          response.body.singleResult = {
            errors: [{ message: error.message, extensions: { code: error.extensions.code } }],
          };
        },
      };
    },
  };
}

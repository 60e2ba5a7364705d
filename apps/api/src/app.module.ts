import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type GraphQLSchema } from 'graphql';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  AuditTrailHandler,
  VerifyIntegrityHandler,
  VerifyReviewHandler,
  IntegrityAnchorHandler,
  VerifyAnchorHandler,
} from '../../../libs/application/queries/audit.queries';
import {
  GetResolutionHandler,
  GetReviewHandler,
  GetTaskHandler,
  ListResolutionsHandler,
  ListTasksHandler,
  ListObligationsHandler,
  TaskObligationsHandler,
  ListReportsHandler,
} from '../../../libs/application/queries/read.queries';
import { ChangeResolutionHandler } from '../../../libs/application/resolution/change-resolution.command';
import { DraftResolutionHandler } from '../../../libs/application/resolution/draft-resolution.command';
import { ChangeReviewHandler } from '../../../libs/application/review/change-review.command';
import { HoldReviewHandler } from '../../../libs/application/review/hold-review.command';
import { AssignTaskHandler } from '../../../libs/application/task/assign-task.command';
import { ChangeTaskHandler } from '../../../libs/application/task/change-task.command';
import { AuthService } from './auth/auth.service';
import { AppConfig } from './config';
import { AuditResolver } from './graphql/audit.resolver';
import { ClockResolver } from './graphql/clock.resolver';
import { CLIENT_CODES, formatError } from './graphql/errors';
import { executionBudgetPlugin, withExecutionBudget } from './graphql/execution-budget';
import { withInputLimits } from './graphql/input-limits';
import { QueryLimits } from './graphql/query-limits';
import { ClientErrorLogBudget, RequestRateLimit } from './graphql/rate-limit';
import { guardedSubscribe, SocketConnections } from './graphql/socket-guard';
import type { GqlContext } from './graphql/gql-context';
import { refuseRoleInRequest, requestPlugin } from './graphql/request-plugin';
import { servedTypeDefs } from './graphql/served-schema';
import { ResolutionResolver } from './graphql/resolution.resolver';
import { ReportResolver } from './graphql/report.resolver';
import {
  OrgUnitResolver,
  TargetAllocationResolver,
  TargetAllocationsResolver,
  TaskUnitResolver,
} from './graphql/org-unit.resolver';
import { DefineOrgUnitHandler } from '../../../libs/application/org-unit/define-org-unit.command';
import { SupervisionVisitResolver } from './graphql/supervision-visit.resolver';
import { ReviewResolver } from './graphql/review.resolver';
import { DateScalar, DateTimeScalar, DecimalScalar, JsonScalar } from './graphql/scalars';
import { TaskResolver } from './graphql/task.resolver';
import { HealthController } from './health.controller';
import { GraphQLPassThroughFilter } from './graphql/pass-through.filter';
import { InfrastructureModule } from './infrastructure.module';
import { LOGGER, type Logger } from './logger';

const COMMAND_HANDLERS = [
  DraftResolutionHandler,
  ChangeResolutionHandler,
  AssignTaskHandler,
  ChangeTaskHandler,
  HoldReviewHandler,
  ChangeReviewHandler,
  DefineOrgUnitHandler,
];
const QUERY_HANDLERS = [
  GetResolutionHandler,
  ListResolutionsHandler,
  GetTaskHandler,
  ListTasksHandler,
  ListObligationsHandler,
  TaskObligationsHandler,
  ListReportsHandler,
  GetReviewHandler,
  AuditTrailHandler,
  VerifyIntegrityHandler,
  VerifyReviewHandler,
  IntegrityAnchorHandler,
  VerifyAnchorHandler,
];

function header(value: unknown): string | undefined {
  return Array.isArray(value) ? value[0] : typeof value === 'string' ? value : undefined;
}

@Module({ providers: [AuthService], exports: [AuthService] })
export class AuthModule {}

@Module({
  imports: [
    InfrastructureModule,
    CqrsModule.forRoot(),
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [AuthModule],
      inject: [AppConfig, AuthService, LOGGER],
      useFactory: (config: AppConfig, auth: AuthService, logger: Logger): ApolloDriverConfig => {
        const limits = new QueryLimits({
          maxDepth: config.maxQueryDepth,
          maxAliases: config.maxQueryAliases,
          maxCost: config.maxQueryCost,
          maxTokens: config.maxQueryTokens,
        });
        const format = formatError(logger, {
          hideSuggestions: config.production,
          tokenLimitMessage: limits.tokenMessage(),
        });
        const rateLimit = new RequestRateLimit(config.rateLimitPerMinute);
        const clientErrors = new ClientErrorLogBudget();
        /** A refusal before the pipeline runs (token, rate): logged quietly and rarely. */
        const refusedEarly = async (key: string, err: unknown) => {
          const code = err instanceof GraphQLError ? String(err.extensions?.code ?? '') : '';
          if (CLIENT_CODES.has(code) && logger.isLevelEnabled('debug'))
            if (await clientErrors.allows(key)) logger.debug({ key, code }, 'graphql refused');
        };
        const validationRules = [
          ...limits.validationRules(),
          ...(config.production ? [NoSchemaIntrospectionCustomRule] : []),
        ];
        let schema: GraphQLSchema | null = null;
        const connections = new SocketConnections(config.maxSubscriptionConnectionsPerActor);
        return {
          path: '/graphql',
          typeDefs: servedTypeDefs(),
          resolvers: {
            Decimal: DecimalScalar,
            Date: DateScalar,
            DateTime: DateTimeScalar,
            JSON: JsonScalar,
          },
          transformSchema: (built: GraphQLSchema) =>
            (schema = withExecutionBudget(withInputLimits(built))),
          playground: false,
          introspection: !config.production,
          ...({ hideSchemaDetailsFromClientErrors: config.production } as object),
          parseOptions: limits.parseOptions,
          validationRules,
          includeStacktraceInErrorResponses: false,
          plugins: [
            requestPlugin(logger, { limits, clientErrors }),
            executionBudgetPlugin(config.queryTimeBudgetMs),
            ...(config.playground
              ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })]
              : []),
          ],
          formatError: format,
          subscriptions: {
            'graphql-ws': {
              path: '/graphql',
              // The token is checked on connect: from connection_init, else from the upgrade request.
              // Subscription errors get the same contract codes as HTTP ones.
              onNext: (_ctx, _id, _payload, _args, result) =>
                result.errors
                  ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) }
                  : result,
              // Passed through to graphql-ws as is; Nest's config type omits them.
              ...({
                onError: (_c: unknown, _i: string, _p: unknown, errors: readonly GraphQLError[]) =>
                  errors.map((e) => format(e.toJSON(), e)),
                // The same limits as over HTTP, with the same codes; introspection off in production.
                onSubscribe: guardedSubscribe({
                  schema: () => schema,
                  limits,
                  validationRules,
                  rateLimit,
                }),
                onDisconnect: (ctx: { extra: { actor?: { id: string } } }) =>
                  connections.closed(ctx.extra.actor?.id),
              } as object),
              onConnect: async (ctx) => {
                const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
                const extra = ctx.extra as {
                  actor?: { id: string };
                  request?: { headers?: Record<string, unknown> };
                  socket?: { close(code: number, reason: string): void };
                };
                const token =
                  params.Authorization ??
                  params.authorization ??
                  header(extra.request?.headers?.authorization);
                try {
                  const actor = await auth.authenticate(token);
                  if (!connections.tryOpen(actor.id)) {
                    // 4429: the socket equivalent of HTTP 429.
                    extra.socket?.close(
                      4429,
                      `RATE_LIMITED: at most ${connections.maxPerActor} connections per actor`,
                    );
                    return false;
                  }
                  extra.actor = actor;
                  return true;
                } catch {
                  return false;
                }
              },
            },
          },
          context: async (request: any, ...rest: unknown[]): Promise<GqlContext> => {
            // graphql-ws's own context (with or without a connection_init payload).
            if (request?.extra && 'connectionInitReceived' in request) {
              return { actor: request.extra.actor, correlationId: null };
            }
            void rest;
            const headers = request?.headers ?? {};
            let actor: GqlContext['actor'];
            try {
              actor = await auth.authenticate(header(headers.authorization));
            } catch (err) {
              const key = `address:${request?.ip ?? 'unknown'}`;
              await refusedEarly(key, err);
              // Callers without a valid token are counted by address.
              await rateLimit.take(key);
              throw err;
            }
            const correlationId = header(headers['x-correlation-id']);
            try {
              await rateLimit.take(`actor:${actor.id}`);
              refuseRoleInRequest(actor, request?.body, config.maxQueryTokens);
              // It is written into every event's metadata: an id, not a payload.
              if (correlationId !== undefined && !/^[\x21-\x7e]{1,200}$/.test(correlationId))
                throw new GraphQLError(
                  'x-correlation-id: at most 200 printable ASCII characters, without spaces',
                  {
                    extensions: {
                      code: 'BAD_USER_INPUT',
                      field: 'x-correlation-id',
                      http: { status: 400 },
                    },
                  },
                );
            } catch (err) {
              await refusedEarly(actor.id, err);
              throw err;
            }
            return { actor, correlationId: correlationId ?? randomUUID() };
          },
        };
      },
    }),
  ],
  controllers: [HealthController],
  providers: [
    { provide: APP_FILTER, useClass: GraphQLPassThroughFilter },
    ...COMMAND_HANDLERS,
    ...QUERY_HANDLERS,
    ResolutionResolver,
    TaskResolver,
    ReviewResolver,
    ReportResolver,
    OrgUnitResolver,
    TaskUnitResolver,
    TargetAllocationsResolver,
    TargetAllocationResolver,
    SupervisionVisitResolver,
    AuditResolver,
    ClockResolver,
  ],
})
export class AppModule {}

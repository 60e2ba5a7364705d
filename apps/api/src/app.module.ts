import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
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
import { formatError } from './graphql/errors';
import type { GqlContext } from './graphql/gql-context';
import { refuseRoleInRequest, requestPlugin } from './graphql/request-plugin';
import { servedTypeDefs } from './graphql/served-schema';
import { ResolutionResolver } from './graphql/resolution.resolver';
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
];
const QUERY_HANDLERS = [
  GetResolutionHandler,
  ListResolutionsHandler,
  GetTaskHandler,
  ListTasksHandler,
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
        const format = formatError(logger);
        return {
          path: '/graphql',
          typeDefs: servedTypeDefs(),
          resolvers: {
            Decimal: DecimalScalar,
            Date: DateScalar,
            DateTime: DateTimeScalar,
            JSON: JsonScalar,
          },
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          plugins: [
            requestPlugin(logger),
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
              // Passed through to graphql-ws as is; Nest's config type omits it.
              ...({
                onError: (_c: unknown, _i: string, _p: unknown, errors: readonly GraphQLError[]) =>
                  errors.map((e) => format(e.toJSON(), e)),
              } as object),
              onConnect: async (ctx) => {
                const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
                const token =
                  params.Authorization ??
                  params.authorization ??
                  header((ctx.extra as any).request?.headers?.authorization);
                try {
                  (ctx.extra as { actor?: unknown }).actor = await auth.authenticate(token);
                  return true;
                } catch {
                  return false;
                }
              },
            },
          },
          context: async (request: any, ...rest: unknown[]): Promise<GqlContext> => {
            if (request?.extra && 'connectionParams' in request) {
              return { actor: request.extra.actor, correlationId: null };
            }
            void rest;
            const headers = request?.headers ?? {};
            const actor = await auth.authenticate(header(headers.authorization));
            refuseRoleInRequest(actor, request?.body);
            return { actor, correlationId: header(headers['x-correlation-id']) ?? randomUUID() };
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
    AuditResolver,
    ClockResolver,
  ],
})
export class AppModule {}

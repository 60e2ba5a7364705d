/**
 * The baseline for bench:api: NestJS + Apollo Server 5 on the same Fastify platform, answering a
 * trivial mutation with no store, no auth and no projection.
 */
import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Args, GraphQLModule, Mutation, Query, Resolver } from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Resolver()
class PingResolver {
  private count = 0;

  @Query('ok')
  ok() {
    return true;
  }

  @Mutation('ping')
  ping(@Args('input') input: { value: string }) {
    return { id: String(++this.count), value: input.value };
  }
}

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      typeDefs: `type Query { ok: Boolean }
        input PingInput { value: String! }
        type Pong { id: ID!, value: String! }
        type Mutation { ping(input: PingInput!): Pong! }`,
      playground: false,
    }),
  ],
  providers: [PingResolver],
})
class BareModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.send?.({ port: (app.getHttpServer().address() as { port: number }).port });
}

void main();

import {
  getNullableType,
  GraphQLString,
  isInputObjectType,
  isListType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { BadUserInput } from '../../../../libs/shared/domain-errors';

/** Ids (commandId included) are short; texts are as long as the deciders allow any text to be. */
export const MAX_ID_LENGTH = 200;
export const MAX_STRING_LENGTH = 10_000;

/**
 * Every string a client sends, at any depth of any argument, is checked against its limit before
 * the operation runs: BAD_USER_INPUT naming the field. The deciders keep their own tighter limits.
 */
export function withInputLimits(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [
    schema.getQueryType(),
    schema.getMutationType(),
    schema.getSubscriptionType(),
  ]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.args.length === 0) continue;
      if (field.subscribe) field.subscribe = checked(field.subscribe, field.args);
      else if (field.resolve) field.resolve = checked(field.resolve, field.args);
    }
  }
  return schema;
}

function checked(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  defs: readonly GraphQLArgument[],
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    for (const def of defs)
      checkValue(def.name, def.type, (args as Record<string, unknown>)[def.name]);
    return resolve(source, args, context, info);
  };
}

function checkValue(name: string, type: GraphQLInputType, value: unknown): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) for (const item of value) checkValue(name, t.ofType, item);
    return;
  }
  if (isInputObjectType(t)) {
    for (const field of Object.values(t.getFields()))
      checkValue(field.name, field.type, (value as Record<string, unknown>)[field.name]);
    return;
  }
  if (typeof value !== 'string') return;
  // Ids and the other scalars (Decimal, Date, DateTime) are short; only texts may be long.
  const max = t === GraphQLString ? MAX_STRING_LENGTH : MAX_ID_LENGTH;
  if (value.length > max) throw new BadUserInput(name, `at most ${max} characters`);
}

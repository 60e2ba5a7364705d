import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isDecimalString, normalizeDecimal } from '../../../../libs/shared/decimal';
import { isValidDate } from '../../../../libs/workflows/shared/guards';

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Date.parse rolls 2021-02-30 over to March: every part is checked against the calendar. */
function isValidDateTime(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = DATE_TIME.exec(v);
  if (!m || !isValidDate(m[1])) return false;
  const [hour, minute, second, offsetHours, offsetMinutes] = [m[2], m[3], m[4], m[6], m[7]].map(
    (p) => Number(p ?? 0),
  );
  return (
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59 &&
    !Number.isNaN(Date.parse(v))
  );
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function literalValue(ast: ValueNode, name: string): unknown {
  if (ast.kind !== Kind.STRING) throw badInput(`${name} must be given as a string`);
  return ast.value;
}

/**
 * A literal written into the document: a plain error lets graphql-js attach the value's node,
 * from which formatError names the field (a GraphQLError thrown here would lose the node).
 */
function fromLiteral<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new TypeError((err as Error).message);
  }
}

/** Decimals travel as strings in the contract's form; JSON numbers would lose exactness. */
function parseDecimalValue(v: unknown): string {
  if (!isDecimalString(v))
    throw badInput(`Decimal must be a string such as "1.2" or "3700", got ${JSON.stringify(v)}`);
  return v;
}

function parseDateValue(v: unknown): string {
  if (!isValidDate(v)) throw badInput(`Date must be YYYY-MM-DD, got ${JSON.stringify(v)}`);
  return v;
}

function parseDateTimeValue(v: unknown): string {
  if (!isValidDateTime(v))
    throw badInput(`DateTime must be ISO-8601 with an offset, got ${JSON.stringify(v)}`);
  return new Date(Date.parse(v)).toISOString();
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A decimal as a string, e.g. "1.2", "3700", "-0.5"; never a binary float',
  serialize: (v) => normalizeDecimal(String(v)),
  parseValue: parseDecimalValue,
  parseLiteral: (ast) => fromLiteral(() => parseDecimalValue(literalValue(ast, 'Decimal'))),
});

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date YYYY-MM-DD',
  serialize: (v) => String(v),
  parseValue: parseDateValue,
  parseLiteral: (ast) => fromLiteral(() => parseDateValue(literalValue(ast, 'Date'))),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO-8601 with offset',
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: parseDateTimeValue,
  parseLiteral: (ast) => fromLiteral(() => parseDateTimeValue(literalValue(ast, 'DateTime'))),
});

function jsonLiteral(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(jsonLiteral);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, jsonLiteral(f.value)]));
    default:
      throw badInput('JSON literal cannot contain variables');
  }
}

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: jsonLiteral,
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { NOT_YET_SERVED } from '../../apps/api/src/graphql/served-schema';
import { actors, ok, type Actors, type TestServer, startServer } from '../support/server';

const REPO = path.resolve(__dirname, '../..');
const COPY = path.join(REPO, 'apps/api/src/graphql/contract.graphql');
const SHARED = path.resolve(REPO, '../shared/contract/schema.graphql');

function kindOf(t: GraphQLNamedType): string {
  if (isScalarType(t)) return 'SCALAR';
  if (isObjectType(t)) return 'OBJECT';
  if (isInterfaceType(t)) return 'INTERFACE';
  if (isUnionType(t)) return 'UNION';
  if (isEnumType(t)) return 'ENUM';
  if (isInputObjectType(t)) return 'INPUT_OBJECT';
  return 'UNKNOWN';
}

/** Every difference between what the contract declares and what the server serves. */
function missingFromServed(contract: GraphQLSchema, served: GraphQLSchema): string[] {
  const problems: string[] = [];
  const types = Object.values(contract.getTypeMap()).filter((t) => !t.name.startsWith('__'));
  for (const expected of types) {
    const actual = served.getType(expected.name);
    if (!actual) {
      problems.push(`type ${expected.name} is missing`);
      continue;
    }
    if (kindOf(actual) !== kindOf(expected)) {
      problems.push(`type ${expected.name} is ${kindOf(actual)}, not ${kindOf(expected)}`);
      continue;
    }
    if (isEnumType(expected) && isEnumType(actual)) {
      const values = new Set(actual.getValues().map((v) => v.name));
      for (const v of expected.getValues())
        if (!values.has(v.name)) problems.push(`enum ${expected.name} lacks ${v.name}`);
    }
    if (isInputObjectType(expected) && isInputObjectType(actual)) {
      const fields = actual.getFields();
      for (const f of Object.values(expected.getFields())) {
        const got = fields[f.name];
        if (!got) problems.push(`input ${expected.name}.${f.name} is missing`);
        else if (String(got.type) !== String(f.type))
          problems.push(`input ${expected.name}.${f.name} is ${got.type}, not ${f.type}`);
      }
    }
    if (
      (isObjectType(expected) || isInterfaceType(expected)) &&
      (isObjectType(actual) || isInterfaceType(actual))
    ) {
      const fields = actual.getFields() as Record<string, GraphQLField<unknown, unknown>>;
      for (const f of Object.values(expected.getFields()) as GraphQLField<unknown, unknown>[]) {
        const got = fields[f.name];
        if (!got) {
          problems.push(`field ${expected.name}.${f.name} is missing`);
          continue;
        }
        if (String(got.type) !== String(f.type))
          problems.push(`field ${expected.name}.${f.name} is ${got.type}, not ${f.type}`);
        const args = new Map<string, GraphQLArgument>(got.args.map((a) => [a.name, a]));
        for (const arg of f.args) {
          const a = args.get(arg.name);
          if (!a) problems.push(`argument ${expected.name}.${f.name}(${arg.name}) is missing`);
          else if (String(a.type) !== String(arg.type))
            problems.push(
              `argument ${expected.name}.${f.name}(${arg.name}) is ${a.type}, not ${arg.type}`,
            );
        }
        // An added argument must not be required, or the contract's calls would stop working.
        for (const a of got.args)
          if (!f.args.some((x) => x.name === a.name) && String(a.type).endsWith('!'))
            problems.push(
              `argument ${expected.name}.${f.name}(${a.name}) is an added required one`,
            );
      }
    }
  }
  for (const root of ['Query', 'Mutation', 'Subscription'] as const) {
    const expected = {
      Query: contract.getQueryType(),
      Mutation: contract.getMutationType(),
      Subscription: contract.getSubscriptionType(),
    }[root];
    const actual = {
      Query: served.getQueryType(),
      Mutation: served.getMutationType(),
      Subscription: served.getSubscriptionType(),
    }[root];
    if (expected && actual?.name !== expected.name)
      problems.push(`root ${root} is ${actual?.name}, not ${expected.name}`);
  }
  return problems;
}

describe('the served schema holds the whole contract', () => {
  let s: TestServer;
  let a: Actors;
  let contractText: string;
  let contract: GraphQLSchema;
  let served: GraphQLSchema;

  beforeAll(async () => {
    s = await startServer();
    a = await actors();
    contractText = fs.readFileSync(COPY, 'utf8');
    contract = buildSchema(contractText);
    const data = ok(await s.gql<IntrospectionQuery>(a.auditor, getIntrospectionQuery()));
    served = buildClientSchema(data);
  });

  afterAll(async () => {
    await s?.close();
  });

  it('the copy in the app is identical to the shared contract (where that exists)', () => {
    if (fs.existsSync(SHARED)) expect(contractText).toBe(fs.readFileSync(SHARED, 'utf8'));
    // The copy is the contract: it declares the operations the checks are written against.
    expect(contract.getQueryType()?.getFields()).toHaveProperty('auditTrail');
    expect(contract.getMutationType()?.getFields()).toHaveProperty('holdFinalEvaluation');
  });

  it('introspection over HTTP needs a token', async () => {
    const r = await s.gql(null, getIntrospectionQuery());
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data ?? null).toBeNull();
  });

  it('GET /health answers 200 without a token once projections run', async () => {
    const res = await fetch(s.url.replace(/\/graphql$/, '/health'));
    expect(res.status).toBe(200);
  });

  it('contains every type, field, argument, enum value, input field and scalar with the same types, but what is listed as not yet served', () => {
    const coordinate = (problem: string) =>
      /^(?:type|field|input|argument) (\S+) is missing$/.exec(problem)?.[1] ?? problem;
    // Exactly the list: a listed part that is served (or a stub of it) fails as much as a gap.
    const missing = missingFromServed(contract, served).map(coordinate);
    expect(missing.sort()).toEqual([...NOT_YET_SERVED].sort());
  });

  it('the comparison itself notices a missing or changed element', () => {
    const weakened = buildSchema(
      contractText
        .replace('enum ReviewStatus { OPEN CONCLUDED }', 'enum ReviewStatus { OPEN }')
        .replace(
          '  version: Int!                # revision',
          '  version: Int                # revision',
        ),
    );
    const problems = missingFromServed(contract, weakened);
    expect(problems).toEqual(
      expect.arrayContaining([
        'enum ReviewStatus lacks CONCLUDED',
        'field Resolution.version is Int, not Int!',
      ]),
    );
  });

  it('spot checks by graphql-js type objects', () => {
    const q = served.getQueryType()!.getFields();
    expect(String(q.resolution.type)).toBe('Resolution');
    expect(q.resolution.args.map((x) => `${x.name}: ${x.type}`)).toEqual(
      expect.arrayContaining(['id: ID!', 'asOf: DateTime']),
    );
    expect(String(q.auditTrail.type)).toBe('AuditEventConnection!');
    const m = served.getMutationType()!.getFields();
    expect(String(m.reportProgress.type)).toBe('ProgressReport!');
    expect(m.submitForReview.args.map((x) => `${x.name}: ${x.type}`).sort()).toEqual([
      'commandId: ID',
      'expectedVersion: Int',
      'resolutionId: ID!',
    ]);
    const sub = served.getSubscriptionType()!.getFields();
    expect(sub.events.args.map((x) => `${x.name}: ${x.type}`).sort()).toEqual([
      'filter: EventFilter',
      'fromPosition: String',
    ]);
    for (const scalar of ['DateTime', 'Date', 'Decimal', 'JSON'])
      expect(isScalarType(served.getType(scalar))).toBe(true);
    const assessment = served.getType('Assessment');
    expect(isEnumType(assessment) && assessment.getValues().map((v) => v.name)).toEqual([
      'EXCEEDED',
      'MET',
      'ON_SCHEDULE',
      'BEHIND',
      'NO_DATA',
    ]);
    const measurement = served.getType('MeasurementInput');
    expect(
      isInputObjectType(measurement) &&
        Object.values(measurement.getFields()).map((f) => `${f.name}: ${f.type}`),
    ).toEqual(['targetId: ID!', 'year: Int!', 'value: Decimal!']);
  });
});

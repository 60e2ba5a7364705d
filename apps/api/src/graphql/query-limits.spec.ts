import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, Kind, parse, validate, type DocumentNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import * as fields from '../../../../test/support/lifecycle';
import { AppConfig } from '../config';
import { estimator, QueryLimits } from './query-limits';
import { servedTypeDefs } from './served-schema';

const ROOT = join(__dirname, '../../../..');
const schema = buildSchema(servedTypeDefs());
const looseSchema = buildSchema(servedTypeDefs().replace(/!/g, ''));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|md)$/.test(f) ? [p] : [];
  });
}

/**
 * Every GraphQL document people and tests send: the README's examples, the demo's and the tests'
 * template strings, with the shared field lists of test/support/lifecycle.ts filled in.
 */
function documents(): Array<{ file: string; text: string; doc: DocumentNode }> {
  const shared = fields as unknown as Record<string, unknown>;
  const out: Array<{ file: string; text: string; doc: DocumentNode }> = [];
  const sources = [
    join(ROOT, 'README.md'),
    ...files(join(ROOT, 'apps/api/src/demo')),
    ...files(join(ROOT, 'test')),
    ...files(join(ROOT, 'bench')),
  ];
  for (const file of sources) {
    const content = readFileSync(file, 'utf8');
    const pattern = file.endsWith('.md') ? /```graphql\n([\s\S]*?)```/g : /`([^`]*\{[^`]*)`/g;
    for (const m of content.matchAll(pattern)) {
      const text = m[1]
        .replace(/\$\{(\w+)\}/g, (_, k: string) =>
          typeof shared[k] === 'string' ? (shared[k] as string) : '__typename',
        )
        .replace(/\$\{[^}]*\}/g, '1');
      let doc: DocumentNode;
      try {
        doc = parse(text);
      } catch {
        continue; // not GraphQL, or built from parts at run time
      }
      // Only documents meant to be served: the hostile ones are refused on purpose.
      if (file.includes('hostile-input')) continue;
      if (validate(schema, doc).length === 0) out.push({ file, text, doc });
    }
  }
  return out;
}

describe('the default cost limits let every query in the README, the demo and the tests through', () => {
  const config = new AppConfig();
  const limits = new QueryLimits({
    maxDepth: config.maxQueryDepth,
    maxAliases: config.maxQueryAliases,
    maxCost: config.maxQueryCost,
    maxTokens: config.maxQueryTokens,
  });
  const docs = documents();

  it('finds the documents', () => {
    expect(docs.length).toBeGreaterThan(50);
  });

  it('depth, aliases and tokens', () => {
    const refused = docs
      .map(({ file, text }) => {
        const doc = parse(text, limits.parseOptions);
        return { file, errors: validate(schema, doc, limits.validationRules()) };
      })
      .filter((r) => r.errors.length > 0)
      .map((r) => `${r.file}: ${r.errors[0].message}`);
    expect(refused).toEqual([]);
  });

  it('estimated cost (literal firsts as written; a first given as a variable counts the default page)', () => {
    const over: string[] = [];
    for (const { file, doc, text } of docs) {
      // Variables get no value here: everything made optional, so the estimate can be made.
      const loose = parse(text.replace(/!/g, ''));
      for (const op of doc.definitions)
        if (op.kind === Kind.OPERATION_DEFINITION) {
          const cost = getComplexity({
            schema: looseSchema,
            query: loose,
            variables: {},
            operationName: op.name?.value,
            estimators: [estimator],
          });
          if (cost > config.maxQueryCost) over.push(`${file}: ${cost}`);
        }
    }
    expect(over).toEqual([]);
  });

  it('and refuses what the issue found: the parent/children nesting, 1000 aliases', () => {
    let nest = 'id';
    for (let i = 0; i < 5; i++) nest = `children { parent { ${nest} } }`;
    expect(() =>
      limits.checkCost(schema, parse(`{ resolution(id: "x") { ${nest} } }`), {}, null),
    ).toThrow(/MAX_QUERY_COST/);
    const aliases = Array.from({ length: 1000 }, (_, i) => `r${i}: serverInfo { headPosition }`);
    const errors = validate(schema, parse(`{ ${aliases.join(' ')} }`), limits.validationRules());
    expect(errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});

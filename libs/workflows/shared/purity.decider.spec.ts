import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Deciders and what they use must be pure: time and ids come in with the command. */
const ROOT = join(__dirname, '..', '..', '..');
const FOLDERS = ['libs/workflows', 'libs/assessment', 'libs/shared'];
const IMPURE: [string, RegExp][] = [
  ['Date.now', /\bDate\s*\.\s*now\b/],
  ['new Date() without arguments', /\bnew\s+Date\s*\(\s*\)/],
  ['new Date without parentheses', /\bnew\s+Date\b(?!\s*\()/],
  ['Math.random', /\bMath\s*\.\s*random\b/],
  ['randomUUID', /\brandomUUID\b/],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The impure calls in a source text, comments included (a comment naming one is suspicious too). */
function impureCalls(text: string): string[] {
  return IMPURE.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

describe('purity of deciders, assessment and shared code', () => {
  const files = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)));

  it('finds the deciders, the assessment and the shared code', () => {
    const names = files.map((f) => relative(ROOT, f).split('\\').join('/'));
    expect(names).toEqual(
      expect.arrayContaining([
        'libs/workflows/resolution/resolution.decider.ts',
        'libs/workflows/task/task.decider.ts',
        'libs/workflows/review/review.decider.ts',
        'libs/workflows/shared/guards.ts',
        'libs/assessment/assessment.ts',
        'libs/shared/decimal.ts',
      ]),
    );
    expect(names.some((n) => n.endsWith('.spec.ts'))).toBe(false);
  });

  it('the detector flags what it must and spares pure date arithmetic', () => {
    expect(impureCalls('const t = Date.now();')).toEqual(['Date.now']);
    expect(impureCalls('const d = new Date();')).toEqual(['new Date() without arguments']);
    expect(impureCalls('const d = new Date;')).toEqual(['new Date without parentheses']);
    expect(impureCalls('const r = Math.random();')).toEqual(['Math.random']);
    expect(impureCalls("import { randomUUID } from 'node:crypto';")).toEqual(['randomUUID']);
    expect(impureCalls('new Date(Date.UTC(2023, 0, 1)); new Date(at);')).toEqual([]);
  });

  it('no file calls Date.now, new Date(), Math.random or randomUUID', () => {
    const offenders = files
      .map((f) => [relative(ROOT, f), impureCalls(readFileSync(f, 'utf8'))] as const)
      .filter(([, calls]) => calls.length > 0);
    expect(offenders).toEqual([]);
  });
});

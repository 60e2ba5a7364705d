import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ILLUSTRATIVE_SOURCE,
  reviewOpinions,
  SEED_ARTICLES,
  targetSource,
  targets,
} from './bac-kan-demo.data';

const SEEDS = join(__dirname, '../../../../../shared/seeds');
const article = (file: string) => readFileSync(join(SEEDS, file), 'utf8').toLowerCase();

describe('the Bắc Kạn demo data', () => {
  it('every target has a source', () => {
    for (const t of targets) expect(targetSource(t).trim()).not.toBe('');
  });

  it('a target whose figure or wording is illustrative is sourced minh họa', () => {
    for (const t of targets) {
      const invented =
        t.illustrative === true ||
        (Array.isArray(t.illustrative) &&
          (t.illustrative.includes('targetValue') || t.illustrative.includes('name')));
      if (invented || !t.quote) expect(targetSource(t)).toBe(ILLUSTRATIVE_SOURCE);
    }
  });

  it('a quoted target names the seed article its quote is found in', () => {
    const quoted = targets.filter((t) => targetSource(t) !== ILLUSTRATIVE_SOURCE);
    expect(quoted.length).toBeGreaterThan(0);
    for (const t of quoted) {
      const ref = t.quoteFrom ?? '000';
      expect(targetSource(t)).toContain(SEED_ARTICLES[ref].title);
      expect(article(SEED_ARTICLES[ref].file)).toContain(t.quote!.toLowerCase());
    }
  });

  it('every review opinion is handled, so the resolution can be issued', () => {
    for (const o of reviewOpinions) {
      expect(['ACCEPTED', 'EXPLAINED']).toContain(o.handling);
      expect(o.response.trim()).not.toBe('');
    }
  });
});

import fc from 'fast-check';
import { Decimal, formatDecimal } from '../shared/decimal';
import { assessAllocations, unitKeyOfUnit } from './allocation';
import { assessTarget, latestReportedYear, type Observation, type TargetSpec } from './assessment';

const CUMULATIVE: TargetSpec = {
  id: 't-members',
  kind: 'CUMULATIVE',
  comparison: 'AT_LEAST',
  baseline: null,
  baselineYear: 2020,
  targetValue: '450',
  dueYear: 2025,
};

let position = 0;
const obs = (
  unitId: string,
  year: number,
  value: string,
  targetId = CUMULATIVE.id,
): Observation => ({
  targetId,
  year,
  value,
  unitKey: unitKeyOfUnit(unitId),
  eventId: `e-${++position}`,
  position: String(position),
});

describe('allocations: each unit judged by the target rules on its own values', () => {
  it('CUMULATIVE: the unit value on the path allocation × share', () => {
    const values = [obs('p-dx', 2021, '30'), obs('p-dx', 2022, '40'), obs('x-dq', 2022, '10')];
    // Two years of five: path for p-dx 150 × 2/5 = 60 ≤ 70; for x-dq 100 × 2/5 = 40 > 10.
    expect(
      assessAllocations(
        CUMULATIVE,
        [
          { unitId: 'p-dx', value: '150' },
          { unitId: 'x-dq', value: '100' },
          { unitId: 'p-nt', value: '200' },
        ],
        values,
        2022,
      ),
    ).toEqual([
      { unitId: 'p-dx', value: '150', currentValue: '70', assessment: 'ON_SCHEDULE' },
      { unitId: 'x-dq', value: '100', currentValue: '10', assessment: 'BEHIND' },
      { unitId: 'p-nt', value: '200', currentValue: null, assessment: 'NO_DATA' },
    ]);
  });

  it("LEVEL: the path runs from the target's baseline to the unit's value; no baseline, no path", () => {
    const level: TargetSpec = { ...CUMULATIVE, id: 't-l', kind: 'LEVEL', baseline: '50' };
    const values = [obs('a', 2022, '70', 't-l'), obs('b', 2022, '65', 't-l')];
    // Path for a: 50 + (100 − 50) × 2/5 = 70 → ON_SCHEDULE; for b 50 + 50 × 2/5 = 70 > 65 → BEHIND.
    expect(
      assessAllocations(
        level,
        [
          { unitId: 'a', value: '100' },
          { unitId: 'b', value: '100' },
        ],
        values,
        2022,
      ).map((x) => x.assessment),
    ).toEqual(['ON_SCHEDULE', 'BEHIND']);
    expect(
      assessAllocations(
        { ...level, baseline: null },
        [{ unitId: 'a', value: '100' }],
        values,
        2022,
      )[0].assessment,
    ).toBe('BEHIND');
    expect(
      assessAllocations(level, [{ unitId: 'a', value: '70' }], values, 2022)[0].assessment,
    ).toBe('MET');
  });

  it('no data at all: every allocation NO_DATA', () =>
    expect(assessAllocations(CUMULATIVE, [{ unitId: 'a', value: '1' }], [], null)).toEqual([
      { unitId: 'a', value: '1', currentValue: null, assessment: 'NO_DATA' },
    ]));

  it('property: CUMULATIVE per-unit figures add up to the target value when every report comes from an allocated unit', () => {
    const decimal = fc
      .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 99 }))
      .map(([i, f]) => formatDecimal(new Decimal(`${i}.${String(f).padStart(2, '0')}`)));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(
          fc.record({
            unit: fc.nat(),
            year: fc.integer({ min: 2021, max: 2025 }),
            value: decimal,
          }),
          { maxLength: 40 },
        ),
        fc.array(decimal, { minLength: 6, maxLength: 6 }),
        (units, reports, shares) => {
          const unitIds = Array.from({ length: units }, (_, i) => `unit-${i}`);
          const allocations = unitIds.map((unitId, i) => ({ unitId, value: shares[i] }));
          // Several values of one (year, unit) may be reported: the latest counts, for both.
          const observations = reports.map((r) => obs(unitIds[r.unit % units], r.year, r.value));
          const year = latestReportedYear(observations);
          const perUnit = assessAllocations(CUMULATIVE, allocations, observations, year);
          if (year === null) {
            expect(perUnit.every((a) => a.currentValue === null)).toBe(true);
            return;
          }
          const whole = assessTarget(CUMULATIVE, observations, year);
          const sum = perUnit.reduce(
            (s, a) => (a.currentValue === null ? s : s.plus(a.currentValue)),
            new Decimal(0),
          );
          expect(formatDecimal(sum)).toBe(whole.value);
        },
      ),
      { numRuns: 300 },
    );
  });
});

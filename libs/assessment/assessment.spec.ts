import {
  Assessment,
  Comparison,
  Observation,
  TargetKind,
  TargetSpec,
  assessTarget,
  latestReportedYear,
  summarize,
  termShare,
} from './assessment';

const ID = 'T1';

function target(
  kind: TargetKind,
  comparison: Comparison,
  baseline: string | null,
  targetValue: string,
  baselineYear = 2020,
  dueYear = 2025,
): TargetSpec {
  return { id: ID, kind, comparison, baseline, baselineYear, targetValue, dueYear };
}

/** An observation carried by event `e<pos>` at position `pos`. */
function obs(pos: number | string, year: number, value: string, unitKey = 'U1', targetId = ID) {
  return { targetId, year, value, unitKey, eventId: `e${pos}`, position: String(pos) };
}

/** One observation per year, each in its own event e1, e2, … */
function yearly(values: Record<number, string>): Observation[] {
  return Object.entries(values).map(([year, value], i) => obs(i + 1, Number(year), value));
}

type Row = [string, TargetSpec, Observation[], number, string | null, Assessment, string[]];

const LEVEL_UP = target('LEVEL', 'AT_LEAST', '100', '200'); // path at 2022: 140
const POVERTY = target('LEVEL', 'AT_MOST', '3.5', '1.2'); // path at 2022: 2.58
const MEMBERS = target('CUMULATIVE', 'AT_LEAST', null, '450'); // path at 2022: 180
const LAND = target('CUMULATIVE', 'AT_MOST', null, '50');
const GROWTH = target('AVERAGE_RATE', 'AT_LEAST', null, '8');
const INFLATION = target('AVERAGE_RATE', 'AT_MOST', null, '4');
const WELL_DONE = target('EVERY_YEAR', 'AT_LEAST', null, '80');
const DISCIPLINED = target('EVERY_YEAR', 'AT_MOST', null, '5');

describe('assessTarget: kind × comparison × category', () => {
  it.each<Row>([
    [
      'LEVEL ≥ exceeded',
      LEVEL_UP,
      yearly({ 2021: '120', 2022: '210' }),
      2022,
      '210',
      'EXCEEDED',
      ['e2'],
    ],
    [
      'LEVEL ≥ met (shortest form)',
      LEVEL_UP,
      yearly({ 2022: '200.0' }),
      2022,
      '200',
      'MET',
      ['e1'],
    ],
    ['LEVEL ≥ on schedule', LEVEL_UP, yearly({ 2022: '150' }), 2022, '150', 'ON_SCHEDULE', ['e1']],
    [
      'LEVEL ≥ exactly on path',
      LEVEL_UP,
      yearly({ 2022: '140' }),
      2022,
      '140',
      'ON_SCHEDULE',
      ['e1'],
    ],
    ['LEVEL ≥ behind', LEVEL_UP, yearly({ 2022: '139.99' }), 2022, '139.99', 'BEHIND', ['e1']],
    ['LEVEL ≥ no data', LEVEL_UP, [], 2022, null, 'NO_DATA', []],
    ['LEVEL ≤ exceeded', POVERTY, yearly({ 2022: '1.1' }), 2022, '1.1', 'EXCEEDED', ['e1']],
    ['LEVEL ≤ met "1.20" = "1.2"', POVERTY, yearly({ 2025: '1.20' }), 2025, '1.2', 'MET', ['e1']],
    ['LEVEL ≤ on schedule', POVERTY, yearly({ 2022: '2.5' }), 2022, '2.5', 'ON_SCHEDULE', ['e1']],
    [
      'LEVEL ≤ exactly on path',
      POVERTY,
      yearly({ 2022: '2.58' }),
      2022,
      '2.58',
      'ON_SCHEDULE',
      ['e1'],
    ],
    ['LEVEL ≤ behind', POVERTY, yearly({ 2022: '2.59' }), 2022, '2.59', 'BEHIND', ['e1']],
    ['LEVEL ≤ no data', POVERTY, [], 2022, null, 'NO_DATA', []],
    [
      'CUM ≥ exceeded',
      MEMBERS,
      yearly({ 2021: '200', 2025: '260' }),
      2025,
      '460',
      'EXCEEDED',
      ['e1', 'e2'],
    ],
    ['CUM ≥ met', MEMBERS, yearly({ 2021: '200', 2025: '250' }), 2025, '450', 'MET', ['e1', 'e2']],
    [
      'CUM ≥ on schedule',
      MEMBERS,
      yearly({ 2021: '120', 2022: '80' }),
      2022,
      '200',
      'ON_SCHEDULE',
      ['e1', 'e2'],
    ],
    [
      'CUM ≥ exactly on path',
      MEMBERS,
      yearly({ 2021: '100', 2022: '80' }),
      2022,
      '180',
      'ON_SCHEDULE',
      ['e1', 'e2'],
    ],
    [
      'CUM ≥ behind',
      MEMBERS,
      yearly({ 2021: '100', 2022: '79' }),
      2022,
      '179',
      'BEHIND',
      ['e1', 'e2'],
    ],
    ['CUM ≥ no data', MEMBERS, [], 2022, null, 'NO_DATA', []],
    // Below an AT_MOST total is already better than the target, so it can never be ON_SCHEDULE.
    [
      'CUM ≤ exceeded mid-term',
      LAND,
      yearly({ 2021: '5', 2022: '10' }),
      2022,
      '15',
      'EXCEEDED',
      ['e1', 'e2'],
    ],
    ['CUM ≤ met', LAND, yearly({ 2021: '20', 2022: '30.0' }), 2025, '50', 'MET', ['e1', 'e2']],
    [
      'CUM ≤ behind',
      LAND,
      yearly({ 2021: '30', 2022: '20.5' }),
      2022,
      '50.5',
      'BEHIND',
      ['e1', 'e2'],
    ],
    ['CUM ≤ no data', LAND, [], 2022, null, 'NO_DATA', []],
    [
      'AVG ≥ exceeded',
      GROWTH,
      yearly({ 2021: '10', 2022: '7' }),
      2022,
      '8.5',
      'EXCEEDED',
      ['e1', 'e2'],
    ],
    ['AVG ≥ met', GROWTH, yearly({ 2021: '7.5', 2022: '8.50' }), 2022, '8', 'MET', ['e1', 'e2']],
    // No path: below the target is BEHIND however early in the term.
    [
      'AVG ≥ behind',
      GROWTH,
      yearly({ 2021: '9', 2022: '6.5' }),
      2022,
      '7.75',
      'BEHIND',
      ['e1', 'e2'],
    ],
    [
      'AVG ≥ negative mean',
      GROWTH,
      yearly({ 2021: '-4', 2022: '1' }),
      2022,
      '-1.5',
      'BEHIND',
      ['e1', 'e2'],
    ],
    ['AVG ≥ no data', GROWTH, [], 2022, null, 'NO_DATA', []],
    [
      'AVG ≤ exceeded',
      INFLATION,
      yearly({ 2021: '3', 2022: '4.5' }),
      2022,
      '3.75',
      'EXCEEDED',
      ['e1', 'e2'],
    ],
    ['AVG ≤ met', INFLATION, yearly({ 2021: '3.5', 2022: '4.5' }), 2022, '4', 'MET', ['e1', 'e2']],
    [
      'AVG ≤ behind',
      INFLATION,
      yearly({ 2021: '5', 2022: '4' }),
      2022,
      '4.5',
      'BEHIND',
      ['e1', 'e2'],
    ],
    ['AVG ≤ no data', INFLATION, [], 2022, null, 'NO_DATA', []],
    [
      'EVERY ≥ exceeded',
      WELL_DONE,
      yearly({ 2021: '85', 2022: '82', 2023: '90' }),
      2023,
      '82',
      'EXCEEDED',
      ['e1', 'e2', 'e3'],
    ],
    [
      'EVERY ≥ met',
      WELL_DONE,
      yearly({ 2021: '85', 2022: '80.00', 2023: '90' }),
      2023,
      '80',
      'MET',
      ['e1', 'e2', 'e3'],
    ],
    [
      'EVERY ≥ behind',
      WELL_DONE,
      yearly({ 2021: '85', 2022: '79.5', 2023: '90' }),
      2023,
      '79.5',
      'BEHIND',
      ['e1', 'e2', 'e3'],
    ],
    ['EVERY ≥ no data', WELL_DONE, [], 2023, null, 'NO_DATA', []],
    [
      'EVERY ≤ exceeded',
      DISCIPLINED,
      yearly({ 2021: '3', 2022: '4.5' }),
      2022,
      '4.5',
      'EXCEEDED',
      ['e1', 'e2'],
    ],
    ['EVERY ≤ met', DISCIPLINED, yearly({ 2021: '5', 2022: '3' }), 2022, '5', 'MET', ['e1', 'e2']],
    [
      'EVERY ≤ behind',
      DISCIPLINED,
      yearly({ 2021: '3', 2022: '6' }),
      2022,
      '6',
      'BEHIND',
      ['e1', 'e2'],
    ],
    ['EVERY ≤ no data', DISCIPLINED, [], 2022, null, 'NO_DATA', []],
  ])('%s', (_name, spec, observations, covers, value, assessment, evidence) => {
    expect(assessTarget(spec, observations, covers)).toEqual({
      targetId: ID,
      value,
      assessment,
      evidenceEventIds: evidence,
    });
  });
});

describe('termShare', () => {
  it.each([
    ['before the baseline year clamps to 0', 2018, { elapsed: 0, span: 5 }],
    ['at the baseline year', 2020, { elapsed: 0, span: 5 }],
    ['mid-term', 2022, { elapsed: 2, span: 5 }],
    ['at the due year', 2025, { elapsed: 5, span: 5 }],
    ['after the due year clamps to 1', 2027, { elapsed: 5, span: 5 }],
  ])('%s', (_name, covers, expected) => {
    expect(termShare(LEVEL_UP, covers)).toEqual(expected);
  });

  it.each([
    ['equal years', 2025, 2025],
    ['due before baseline', 2025, 2020],
  ])('refuses %s', (_name, baselineYear, dueYear) => {
    const spec = target('LEVEL', 'AT_LEAST', '1', '2', baselineYear, dueYear);
    expect(() => termShare(spec, 2025)).toThrow(RangeError);
    expect(() => assessTarget(spec, [], 2025)).toThrow(RangeError);
  });
});

describe('assessTarget: path edge cases', () => {
  // Term 2020–2023: covering 2021 is a share of 1/3, 2022 of 2/3.
  const third = (
    kind: TargetKind,
    comparison: Comparison,
    baseline: string | null,
    value: string,
  ) => target(kind, comparison, baseline, value, 2020, 2023);

  it.each<Row>([
    // Share clamped at 0: the path is the baseline, not below it (unclamped it would be 80).
    [
      'share < 0: LEVEL on baseline',
      LEVEL_UP,
      yearly({ 2019: '100' }),
      2019,
      '100',
      'ON_SCHEDULE',
      ['e1'],
    ],
    [
      'share < 0: LEVEL below baseline',
      LEVEL_UP,
      yearly({ 2019: '99' }),
      2019,
      '99',
      'BEHIND',
      ['e1'],
    ],
    ['share < 0: CUM path is 0', MEMBERS, yearly({ 2019: '0' }), 2019, '0', 'ON_SCHEDULE', ['e1']],
    ['share < 0: CUM below 0', MEMBERS, yearly({ 2019: '-1' }), 2019, '-1', 'BEHIND', ['e1']],
    // Share clamped at 1: the path stops at the target (unclamped it would be 180 here).
    [
      'share > 1: path stops at target',
      target('LEVEL', 'AT_LEAST', '300', '200'),
      yearly({ 2027: '190' }),
      2027,
      '190',
      'BEHIND',
      ['e1'],
    ],
    [
      'share > 1: LEVEL short of target',
      LEVEL_UP,
      yearly({ 2026: '199' }),
      2026,
      '199',
      'BEHIND',
      ['e1'],
    ],
    [
      'share > 1: CUM met',
      MEMBERS,
      yearly({ 2021: '400', 2026: '50' }),
      2026,
      '450',
      'MET',
      ['e1', 'e2'],
    ],
    // Without a baseline a LEVEL target has no path.
    [
      'no baseline: LEVEL ≥ short',
      target('LEVEL', 'AT_LEAST', null, '100'),
      yearly({ 2021: '95' }),
      2021,
      '95',
      'BEHIND',
      ['e1'],
    ],
    [
      'no baseline: LEVEL ≥ met',
      target('LEVEL', 'AT_LEAST', null, '100'),
      yearly({ 2021: '100' }),
      2021,
      '100',
      'MET',
      ['e1'],
    ],
    [
      'no baseline: LEVEL ≥ exceeded',
      target('LEVEL', 'AT_LEAST', null, '100'),
      yearly({ 2021: '101' }),
      2021,
      '101',
      'EXCEEDED',
      ['e1'],
    ],
    [
      'no baseline: LEVEL ≤ short',
      target('LEVEL', 'AT_MOST', null, '1.2'),
      yearly({ 2021: '1.3' }),
      2021,
      '1.3',
      'BEHIND',
      ['e1'],
    ],
    [
      'no baseline: CUM still has a path',
      MEMBERS,
      yearly({ 2022: '180' }),
      2022,
      '180',
      'ON_SCHEDULE',
      ['e1'],
    ],
    // Exact fractions: a share rounded to any number of digits would flip these.
    [
      '2/3: CUM exactly on path 20',
      third('CUMULATIVE', 'AT_LEAST', null, '30'),
      yearly({ 2021: '10', 2022: '10' }),
      2022,
      '20',
      'ON_SCHEDULE',
      ['e1', 'e2'],
    ],
    [
      '1/3: CUM exactly on path 10',
      third('CUMULATIVE', 'AT_LEAST', null, '30'),
      yearly({ 2021: '10' }),
      2021,
      '10',
      'ON_SCHEDULE',
      ['e1'],
    ],
    [
      '1/3: CUM just below path 10',
      third('CUMULATIVE', 'AT_LEAST', null, '30'),
      yearly({ 2021: '9.9995' }),
      2021,
      '9.9995',
      'BEHIND',
      ['e1'],
    ],
    [
      '1/3: LEVEL ≥ just below 0.333…',
      third('LEVEL', 'AT_LEAST', '0', '1'),
      yearly({ 2021: '0.3333' }),
      2021,
      '0.3333',
      'BEHIND',
      ['e1'],
    ],
    [
      '1/3: LEVEL ≥ just above 0.333…',
      third('LEVEL', 'AT_LEAST', '0', '1'),
      yearly({ 2021: '0.33334' }),
      2021,
      '0.33334',
      'ON_SCHEDULE',
      ['e1'],
    ],
    [
      '1/3: LEVEL ≤ exactly on path 2.5',
      third('LEVEL', 'AT_MOST', '3.5', '0.5'),
      yearly({ 2021: '2.5' }),
      2021,
      '2.5',
      'ON_SCHEDULE',
      ['e1'],
    ],
    [
      '1/3: LEVEL ≤ just above path 2.5',
      third('LEVEL', 'AT_MOST', '3.5', '0.5'),
      yearly({ 2021: '2.50001' }),
      2021,
      '2.50001',
      'BEHIND',
      ['e1'],
    ],
    [
      '2/3: LEVEL ≤ exactly on path 1.5',
      third('LEVEL', 'AT_MOST', '3.5', '0.5'),
      yearly({ 2022: '1.5' }),
      2022,
      '1.5',
      'ON_SCHEDULE',
      ['e1'],
    ],
    // Poverty falls from 3.5 to ≤ 1.2 over 2020–2025: path 3.04, 2.58, 2.12, 1.66, 1.2.
    [
      'poverty 2021 on path',
      POVERTY,
      yearly({ 2021: '3.04' }),
      2021,
      '3.04',
      'ON_SCHEDULE',
      ['e1'],
    ],
    ['poverty 2023 above path', POVERTY, yearly({ 2023: '2.13' }), 2023, '2.13', 'BEHIND', ['e1']],
    [
      'poverty 2024 below path',
      POVERTY,
      yearly({ 2024: '1.6' }),
      2024,
      '1.6',
      'ON_SCHEDULE',
      ['e1'],
    ],
    [
      'poverty 2025 short of target',
      POVERTY,
      yearly({ 2025: '1.21' }),
      2025,
      '1.21',
      'BEHIND',
      ['e1'],
    ],
  ])('%s', (_name, spec, observations, covers, value, assessment, evidence) => {
    expect(assessTarget(spec, observations, covers)).toEqual({
      targetId: ID,
      value,
      assessment,
      evidenceEventIds: evidence,
    });
  });
});

describe('assessTarget: the path is compared exactly, whatever the number of digits', () => {
  // Term 2020–2023 covering 2021: the path of LEVEL 0 → 1 is exactly 1/3.
  const spec = target('LEVEL', 'AT_LEAST', '0', '1', 2020, 2023);
  const thirds = (n: number) => `0.${'3'.repeat(n)}`;

  it.each([
    // Equal to 1/3 as a binary float, yet below it.
    ['16 threes', thirds(16), 'BEHIND'],
    // Above a share rounded to 60 digits, yet below 1/3.
    ['61 threes', thirds(61), 'BEHIND'],
    ['120 threes', thirds(120), 'BEHIND'],
    ['120 threes then a 4', `${thirds(120)}4`, 'ON_SCHEDULE'],
  ])('%s', (_name, value, assessment) => {
    expect(assessTarget(spec, [obs(1, 2021, value)], 2021)).toEqual({
      targetId: ID,
      value,
      assessment,
      evidenceEventIds: ['e1'],
    });
  });

  it('sums long values without rounding', () => {
    const long = `1.${'0'.repeat(80)}1`;
    const spec = target('CUMULATIVE', 'AT_LEAST', null, '2', 2020, 2022);
    const result = assessTarget(spec, [obs(1, 2021, long), obs(2, 2022, '0.9')], 2022);
    expect(result.value).toBe(`1.9${'0'.repeat(79)}1`);
    expect(result.assessment).toBe('BEHIND');
  });
});

describe('assessTarget: AVERAGE_RATE rounds the mean half-up to 4 decimals', () => {
  it.each([
    // 8.0000166… rounds to 8: MET, though the unrounded mean is above the target.
    [['8', '8', '8.00005'], '8', 'MET'],
    // 8.00005 exactly: half-up gives 8.0001 (half-down or half-even would say MET).
    [['8', '8', '8.00015'], '8.0001', 'EXCEEDED'],
    // 7.99995 exactly rounds up to the target.
    [['8', '8', '7.99985'], '8', 'MET'],
    // 7.9999466… rounds down.
    [['8', '8', '7.99984'], '7.9999', 'BEHIND'],
    // 25/3 = 8.3333…
    [['8', '8', '9'], '8.3333', 'EXCEEDED'],
    // 23/3 = 7.6666… rounds up to 7.6667
    [['7', '8', '8'], '7.6667', 'BEHIND'],
    // Seven years of repeating sevenths.
    [['8', '8', '8', '8', '8', '8', '8.0001'], '8', 'MET'],
  ])('mean of %j is %s → %s', (values, value, assessment) => {
    const observations = values.map((v, i) => obs(i + 1, 2021 + i, v));
    const spec = target('AVERAGE_RATE', 'AT_LEAST', null, '8', 2020, 2030);
    const result = assessTarget(spec, observations, 2030);
    expect(result.value).toBe(value);
    expect(result.assessment).toBe(assessment);
    expect(result.evidenceEventIds).toEqual(values.map((_, i) => `e${i + 1}`));
  });
});

describe('assessTarget: which values count', () => {
  it.each<Row>([
    [
      'a correction replaces the unit’s value for that year',
      LEVEL_UP,
      [obs(1, 2022, '100'), obs(5, 2022, '150')],
      2022,
      '150',
      'ON_SCHEDULE',
      ['e5'],
    ],
    [
      'CUMULATIVE sums units; a correction replaces only its own (year, unit)',
      MEMBERS,
      [obs(1, 2021, '100', 'U1'), obs(2, 2021, '50', 'U2'), obs(3, 2021, '80', 'U1')],
      2022,
      '130',
      'BEHIND',
      ['e2', 'e3'],
    ],
    [
      'a correction leaves the other years of the original report standing',
      MEMBERS,
      [obs(1, 2021, '100'), obs(1, 2022, '60'), obs(4, 2021, '90')],
      2022,
      '150',
      'BEHIND',
      ['e1', 'e4'],
    ],
    [
      'one event carrying several years counts once in evidence',
      MEMBERS,
      [obs(7, 2021, '100'), obs(7, 2022, '90')],
      2022,
      '190',
      'ON_SCHEDULE',
      ['e7'],
    ],
    [
      'LEVEL takes the latest value of the year from any unit',
      LEVEL_UP,
      [obs(3, 2022, '150', 'U1'), obs(4, 2022, '130', 'U2')],
      2022,
      '130',
      'BEHIND',
      ['e4'],
    ],
    [
      'LEVEL takes the latest year even when an earlier year was reported later',
      LEVEL_UP,
      [obs(1, 2022, '150', 'U1'), obs(2, 2021, '300', 'U2')],
      2022,
      '150',
      'ON_SCHEDULE',
      ['e1'],
    ],
    [
      'AVERAGE_RATE takes the latest value per year across units',
      GROWTH,
      [obs(1, 2021, '8', 'U1'), obs(2, 2021, '10', 'U2'), obs(3, 2022, '6', 'U1')],
      2022,
      '8',
      'MET',
      ['e2', 'e3'],
    ],
    [
      'EVERY_YEAR judges the latest value per year, not an older worse one',
      WELL_DONE,
      [obs(1, 2021, '70', 'U1'), obs(2, 2021, '81', 'U2'), obs(3, 2022, '84', 'U1')],
      2022,
      '81',
      'EXCEEDED',
      ['e2', 'e3'],
    ],
    [
      'LEVEL ignores years after coversThroughYear',
      LEVEL_UP,
      yearly({ 2022: '150', 2023: '300' }),
      2022,
      '150',
      'ON_SCHEDULE',
      ['e1'],
    ],
    [
      'CUMULATIVE ignores years after coversThroughYear',
      MEMBERS,
      yearly({ 2021: '100', 2022: '100', 2023: '300' }),
      2022,
      '200',
      'ON_SCHEDULE',
      ['e1', 'e2'],
    ],
    [
      'EVERY_YEAR ignores a bad year after coversThroughYear',
      WELL_DONE,
      yearly({ 2021: '85', 2022: '50' }),
      2021,
      '85',
      'EXCEEDED',
      ['e1'],
    ],
    [
      'only years after coversThroughYear is NO_DATA',
      LEVEL_UP,
      yearly({ 2023: '300' }),
      2022,
      null,
      'NO_DATA',
      [],
    ],
    [
      'other targets are ignored',
      MEMBERS,
      [obs(1, 2021, '100'), obs(2, 2021, '999', 'U1', 'T2'), obs(3, 2022, '50', 'U1', 'T2')],
      2022,
      '100',
      'BEHIND',
      ['e1'],
    ],
    [
      'only other targets is NO_DATA',
      MEMBERS,
      [obs(1, 2021, '100', 'U1', 'T2')],
      2022,
      null,
      'NO_DATA',
      [],
    ],
    [
      'positions compare as integers, not strings or floats',
      LEVEL_UP,
      [obs('9007199254740993', 2022, '150'), obs('9007199254740992', 2022, '100')],
      2022,
      '150',
      'ON_SCHEDULE',
      ['e9007199254740993'],
    ],
    [
      'evidence is ordered by numeric position',
      MEMBERS,
      [obs(10, 2022, '50'), obs(9, 2021, '50', 'U2')],
      2022,
      '100',
      'BEHIND',
      ['e9', 'e10'],
    ],
  ])('%s', (_name, spec, observations, covers, value, assessment, evidence) => {
    expect(assessTarget(spec, observations, covers)).toEqual({
      targetId: ID,
      value,
      assessment,
      evidenceEventIds: evidence,
    });
  });
});

describe('assessTarget: seed targets (Bắc Kạn City 2020–2025)', () => {
  it.each<Row>([
    [
      'budget revenue grows on average ≥ 8%/year',
      target('AVERAGE_RATE', 'AT_LEAST', null, '8'),
      yearly({ 2021: '8.5', 2022: '9.2' }),
      2022,
      '8.85',
      'EXCEEDED',
      ['e1', 'e2'],
    ],
    [
      'budget revenue growth below 8% is behind at mid-term',
      target('AVERAGE_RATE', 'AT_LEAST', null, '8'),
      yearly({ 2021: '6.2', 2022: '9.1', 2023: '7.5' }),
      2023,
      '7.6',
      'BEHIND',
      ['e1', 'e2', 'e3'],
    ],
    [
      '450 new party members: 200 by 2022 is on schedule (path 180)',
      target('CUMULATIVE', 'AT_LEAST', null, '450'),
      [obs(1, 2021, '90', 'WARD-1'), obs(2, 2021, '30', 'WARD-2'), obs(3, 2022, '80', 'WARD-1')],
      2022,
      '200',
      'ON_SCHEDULE',
      ['e1', 'e2', 'e3'],
    ],
    [
      '2 OCOP products a year: 5 by 2023 is behind (path 6)',
      target('CUMULATIVE', 'AT_LEAST', '0', '10'),
      yearly({ 2021: '2', 2022: '2', 2023: '1' }),
      2023,
      '5',
      'BEHIND',
      ['e1', 'e2', 'e3'],
    ],
    [
      '2 OCOP products a year: 6 by 2023 is on schedule',
      target('CUMULATIVE', 'AT_LEAST', '0', '10'),
      yearly({ 2021: '2', 2022: '2', 2023: '2' }),
      2023,
      '6',
      'ON_SCHEDULE',
      ['e1', 'e2', 'e3'],
    ],
    [
      '2 OCOP products a year: 12 over the term is exceeded',
      target('CUMULATIVE', 'AT_LEAST', '0', '10'),
      yearly({ 2021: '2', 2022: '3', 2023: '2', 2024: '3', 2025: '2' }),
      2025,
      '12',
      'EXCEEDED',
      ['e1', 'e2', 'e3', 'e4', 'e5'],
    ],
    [
      '≥ 80% organisations well accomplished every year: one year at 78.9',
      target('EVERY_YEAR', 'AT_LEAST', null, '80'),
      yearly({ 2021: '82.5', 2022: '78.9', 2023: '85' }),
      2023,
      '78.9',
      'BEHIND',
      ['e1', 'e2', 'e3'],
    ],
    [
      'poverty ≤ 1.2%: 2.3% in 2022 is on schedule (path 2.58)',
      target('LEVEL', 'AT_MOST', '3.5', '1.2'),
      yearly({ 2021: '3.1', 2022: '2.3' }),
      2022,
      '2.3',
      'ON_SCHEDULE',
      ['e2'],
    ],
    [
      'poverty ≤ 1.2%: "1.20" in 2025 is met',
      target('LEVEL', 'AT_MOST', '3.5', '1.2'),
      yearly({ 2024: '1.5', 2025: '1.20' }),
      2025,
      '1.2',
      'MET',
      ['e2'],
    ],
  ])('%s', (_name, spec, observations, covers, value, assessment, evidence) => {
    expect(assessTarget(spec, observations, covers)).toEqual({
      targetId: ID,
      value,
      assessment,
      evidenceEventIds: evidence,
    });
  });
});

describe('summarize', () => {
  const repeat = (a: Assessment, n: number): Assessment[] => Array<Assessment>(n).fill(a);

  it.each([
    [
      'the mid-term "18/30"',
      [
        ...repeat('EXCEEDED', 10),
        ...repeat('MET', 8),
        ...repeat('ON_SCHEDULE', 5),
        ...repeat('BEHIND', 4),
        ...repeat('NO_DATA', 3),
      ],
      {
        total: 30,
        exceeded: 10,
        met: 8,
        onSchedule: 5,
        behind: 4,
        noData: 3,
        achievedOrExceeded: 18,
      },
    ],
    [
      'one of each',
      ['BEHIND', 'MET', 'NO_DATA', 'EXCEEDED', 'ON_SCHEDULE'] as Assessment[],
      { total: 5, exceeded: 1, met: 1, onSchedule: 1, behind: 1, noData: 1, achievedOrExceeded: 2 },
    ],
    [
      'nothing',
      [] as Assessment[],
      { total: 0, exceeded: 0, met: 0, onSchedule: 0, behind: 0, noData: 0, achievedOrExceeded: 0 },
    ],
  ])('%s', (_name, assessments, expected) => {
    const summary = summarize(assessments);
    expect(summary).toEqual(expected);
    expect(
      summary.exceeded + summary.met + summary.onSchedule + summary.behind + summary.noData,
    ).toBe(summary.total);
  });
});

describe('latestReportedYear', () => {
  it.each([
    ['no observations', [], null],
    ['one', [obs(1, 2021, '5')], 2021],
    [
      'any target, not the last by position',
      [obs(1, 2023, '5', 'U1', 'T2'), obs(2, 2021, '5')],
      2023,
    ],
    ['several years', [obs(1, 2021, '5'), obs(2, 2024, '5'), obs(3, 2022, '5')], 2024],
  ])('%s', (_name, observations, expected) => {
    expect(latestReportedYear(observations)).toBe(expected);
  });

  it('feeds the live assessment: judged as a review covering that year', () => {
    const observations = [obs(1, 2021, '120'), obs(2, 2022, '80', 'U1', 'T2')];
    const covers = latestReportedYear(observations);
    expect(covers).toBe(2022);
    expect(assessTarget(MEMBERS, observations, covers as number)).toEqual({
      targetId: ID,
      value: '120',
      assessment: 'BEHIND',
      evidenceEventIds: ['e1'],
    });
  });
});

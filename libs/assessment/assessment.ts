import { Decimal, parseDecimal, formatDecimal } from '../shared/decimal';
import { comparePositions } from '../shared/positions';

export type TargetKind = 'LEVEL' | 'CUMULATIVE' | 'AVERAGE_RATE' | 'EVERY_YEAR';
export type Comparison = 'AT_LEAST' | 'AT_MOST';
export type Assessment = 'EXCEEDED' | 'MET' | 'ON_SCHEDULE' | 'BEHIND' | 'NO_DATA';

export interface TargetSpec {
  id: string;
  kind: TargetKind;
  comparison: Comparison;
  baseline: string | null;
  baselineYear: number;
  targetValue: string;
  dueYear: number;
}

/** One reported value; observations are given in global (position) order, oldest first. */
export interface Observation {
  targetId: string;
  year: number;
  value: string;
  /** The reporting unit (task assignee unit, else member, else task id). */
  unitKey: string;
  /** The event that carried the value. */
  eventId: string;
  /** Global position of that event, decimal integer string. */
  position: string;
}

export interface TargetAssessment {
  targetId: string;
  /** The value judged (null when NO_DATA). */
  value: string | null;
  assessment: Assessment;
  /** Distinct ids of the events whose values were used, in position order. */
  evidenceEventIds: string[];
}

export interface ReviewSummary {
  total: number;
  exceeded: number;
  met: number;
  onSchedule: number;
  behind: number;
  noData: number;
  achievedOrExceeded: number;
}

/**
 * Sums, products and comparisons never round here: add and multiply are exact below the
 * precision, and the only division is the integer quotient of the mean.
 */
const Exact = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_UP });

function exact(s: string): Decimal {
  return new Exact(parseDecimal(s));
}

/** A counted value with the event it came from. */
interface Counted {
  year: number;
  value: Decimal;
  eventId: string;
  position: bigint;
}

/** The share of the term elapsed, as the exact fraction elapsed / span, clamped to [0, 1]. */
export interface TermShare {
  elapsed: number;
  span: number;
}

export function termShare(target: TargetSpec, coversThroughYear: number): TermShare {
  const span = target.dueYear - target.baselineYear;
  if (span <= 0) {
    throw new RangeError(`target ${target.id}: dueYear must be after baselineYear`);
  }
  const elapsed = Math.min(Math.max(coversThroughYear - target.baselineYear, 0), span);
  return { elapsed, span };
}

export function assessTarget(
  target: TargetSpec,
  observations: Observation[],
  coversThroughYear: number,
): TargetAssessment {
  const share = termShare(target, coversThroughYear);
  const counted = countedValues(target.id, observations, coversThroughYear);
  if (counted.length === 0) {
    return { targetId: target.id, value: null, assessment: 'NO_DATA', evidenceEventIds: [] };
  }

  let value: Decimal;
  let used: Counted[];
  if (target.kind === 'CUMULATIVE') {
    used = counted;
    value = counted.reduce((sum, c) => sum.plus(c.value), new Exact(0));
  } else {
    const perYear = latestPerYear(counted);
    if (target.kind === 'LEVEL') {
      used = [perYear[perYear.length - 1]];
      value = used[0].value;
    } else if (target.kind === 'AVERAGE_RATE') {
      used = perYear;
      const sum = perYear.reduce((s, c) => s.plus(c.value), new Exact(0));
      value = meanRoundedTo4(sum, perYear.length);
    } else {
      used = perYear;
      value = perYear
        .map((c) => c.value)
        .reduce((worst, v) => (isBetter(target.comparison, worst, v) ? v : worst));
    }
  }

  return {
    targetId: target.id,
    value: formatDecimal(value),
    assessment: judge(target, value, share),
    evidenceEventIds: evidence(used),
  };
}

export function summarize(assessments: Assessment[]): ReviewSummary {
  const count = (a: Assessment) => assessments.filter((x) => x === a).length;
  const exceeded = count('EXCEEDED');
  const met = count('MET');
  return {
    total: assessments.length,
    exceeded,
    met,
    onSchedule: count('ON_SCHEDULE'),
    behind: count('BEHIND'),
    noData: count('NO_DATA'),
    achievedOrExceeded: exceeded + met,
  };
}

/** The year of the latest value reported for any of the given targets, or null. */
export function latestReportedYear(observations: Observation[]): number | null {
  let latest: number | null = null;
  for (const o of observations) {
    if (latest === null || o.year > latest) latest = o.year;
  }
  return latest;
}

/** The one value kept per (target, year, unit): the read models store by it, the rules count by it. */
export const observationKey = (o: Pick<Observation, 'targetId' | 'year' | 'unitKey'>) =>
  `${o.targetId}|${o.year}|${o.unitKey}`;

/**
 * Whether `o` replaces the value kept under its key: it was reported later (a correction is just a
 * later observation); on equal positions (one event) the later one in input order wins.
 */
export function replaces(o: { position: string }, kept: { position: string } | undefined): boolean {
  return !kept || comparePositions(o.position, kept.position) >= 0;
}

/** Each (year, unit) keeps its latest value. */
function countedValues(
  targetId: string,
  observations: Observation[],
  coversThroughYear: number,
): Counted[] {
  const byYearUnit = new Map<string, Observation>();
  for (const o of observations) {
    if (o.targetId !== targetId || o.year > coversThroughYear) continue;
    const key = observationKey(o);
    if (replaces(o, byYearUnit.get(key))) byYearUnit.set(key, o);
  }
  return [...byYearUnit.values()].map((o) => ({
    year: o.year,
    value: exact(o.value),
    eventId: o.eventId,
    position: BigInt(o.position),
  }));
}

/** Per year, the latest counted value from any unit; sorted by year. */
function latestPerYear(counted: Counted[]): Counted[] {
  const byYear = new Map<number, Counted>();
  for (const c of counted) {
    const kept = byYear.get(c.year);
    if (!kept || c.position > kept.position) byYear.set(c.year, c);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/**
 * Mean rounded half-up to 4 decimals, done in integers so that no intermediate rounding of a
 * repeating quotient can move it across the half.
 */
function meanRoundedTo4(sum: Decimal, count: number): Decimal {
  const scaled = sum.times(10000);
  const quotient = scaled.divToInt(count);
  const remainder = scaled.minus(quotient.times(count));
  const rounded = remainder.abs().times(2).gte(count)
    ? quotient.plus(scaled.isNegative() ? -1 : 1)
    : quotient;
  return rounded.times('0.0001');
}

function isBetter(comparison: Comparison, a: Decimal, b: Decimal): boolean {
  return comparison === 'AT_LEAST' ? a.gt(b) : a.lt(b);
}

function judge(target: TargetSpec, value: Decimal, share: TermShare): Assessment {
  const targetValue = exact(target.targetValue);
  if (isBetter(target.comparison, value, targetValue)) return 'EXCEEDED';
  if (value.eq(targetValue)) return 'MET';

  // Compare value × span with path × span so a share like 1/3 is never rounded.
  let scaledPath: Decimal;
  if (target.kind === 'CUMULATIVE') {
    scaledPath = targetValue.times(share.elapsed);
  } else if (target.kind === 'LEVEL' && target.baseline !== null) {
    const baseline = exact(target.baseline);
    scaledPath = baseline.times(share.span).plus(targetValue.minus(baseline).times(share.elapsed));
  } else {
    return 'BEHIND';
  }
  const scaledValue = value.times(share.span);
  const onPath =
    target.comparison === 'AT_LEAST' ? scaledValue.gte(scaledPath) : scaledValue.lte(scaledPath);
  return onPath ? 'ON_SCHEDULE' : 'BEHIND';
}

function evidence(used: Counted[]): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  const ordered = [...used].sort((a, b) =>
    a.position < b.position ? -1 : a.position > b.position ? 1 : 0,
  );
  for (const c of ordered) {
    if (!seen.has(c.eventId)) {
      seen.add(c.eventId);
      ids.push(c.eventId);
    }
  }
  return ids;
}

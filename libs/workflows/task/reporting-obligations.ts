import { addDays, vietnamDateOf } from '../shared/calendar';

/** Chế độ báo cáo: how often a task's assignee owes a report (DOMAIN.md, "Reporting obligations"). */
export const REPORTING_FREQUENCIES = ['NONE', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL'] as const;
export type ReportingFrequency = (typeof REPORTING_FREQUENCIES)[number];
export type ObligationStatus = 'UPCOMING' | 'DUE' | 'SUBMITTED' | 'LATE' | 'MISSED';
/** REPORT_GRACE_DAYS when unset; a task keeps the grace it was assigned with. */
export const DEFAULT_REPORT_GRACE_DAYS = 10;

export interface Period {
  /** "2024-Q2", "2024-H1" or "2024". */
  period: string;
  startsOn: string;
  endsOn: string;
}

export interface Obligation extends Period {
  taskId: string;
  /** The period's last day + the grace days: the window runs from startsOn to here. */
  dueOn: string;
  status: ObligationStatus;
  reportId: string | null;
}

/** What the rules read of a task: all from its events. */
export interface ObligationFacts {
  taskId: string;
  frequency: ReportingFrequency;
  /** Days after a period's end that its report is still on time (recorded on TaskAssigned). */
  graceDays: number;
  /** The date it was assigned (Asia/Ho_Chi_Minh). */
  assignedOn: string;
  /** Its current dueOn (an extension adds the periods it reaches). */
  dueOn: string;
  /** The date it was COMPLETED or CANCELLED, if it was. */
  closedOn: string | null;
  /** Its reports in the order stored, each with its date (corrections count). */
  reports: Array<{ reportId: string; date: string }>;
}

const MONTHS: Record<Exclude<ReportingFrequency, 'NONE'>, number> = {
  QUARTERLY: 3,
  SEMIANNUAL: 6,
  ANNUAL: 12,
};

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)); // month is 1-based here: day 0 of the next
  return d.toISOString().slice(0, 10);
}

function periodOf(frequency: Exclude<ReportingFrequency, 'NONE'>, year: number, index: number) {
  const months = MONTHS[frequency];
  const first = index * months + 1;
  const last = first + months - 1;
  const name =
    frequency === 'ANNUAL'
      ? String(year)
      : `${year}-${frequency === 'QUARTERLY' ? 'Q' : 'H'}${index + 1}`;
  return {
    period: name,
    startsOn: `${year}-${String(first).padStart(2, '0')}-01`,
    endsOn: lastDayOfMonth(year, last),
  };
}

/** Every period that ends on or after `from` and starts on or before `to`, in order. */
export function periodsBetween(frequency: ReportingFrequency, from: string, to: string): Period[] {
  if (frequency === 'NONE' || to < from) return [];
  const perYear = 12 / MONTHS[frequency];
  const periods: Period[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
    for (let i = 0; i < perYear; i++) {
      const p = periodOf(frequency, year, i);
      if (p.endsOn >= from && p.startsOn <= to) periods.push(p);
    }
  return periods;
}

/**
 * A task's obligations on `today`, by period. Reports are matched in the order stored, each by
 * its date to one obligation: the earliest unsatisfied one whose window holds the date
 * (SUBMITTED), else the earliest unsatisfied one already due before it (LATE), else none.
 */
export function obligationsOf(facts: ObligationFacts, today: string): Obligation[] {
  let periods = periodsBetween(facts.frequency, facts.assignedOn, facts.dueOn);
  // Closing a task drops the periods that had not started by then.
  if (facts.closedOn) periods = periods.filter((p) => p.startsOn <= (facts.closedOn as string));
  const list: Obligation[] = periods.map((p) => ({
    ...p,
    taskId: facts.taskId,
    dueOn: addDays(p.endsOn, facts.graceDays),
    status: 'UPCOMING',
    reportId: null,
  }));
  for (const r of facts.reports) {
    const open = list.filter((o) => o.reportId === null);
    const inWindow = open.find((o) => o.startsOn <= r.date && r.date <= o.dueOn);
    const late = inWindow ? undefined : open.find((o) => o.dueOn < r.date);
    const matched = inWindow ?? late;
    if (!matched) continue;
    matched.reportId = r.reportId;
    matched.status = inWindow ? 'SUBMITTED' : 'LATE';
  }
  for (const o of list) if (o.reportId === null) o.status = unmatchedStatus(o, today);
  return list;
}

/** The status of an obligation no report satisfied, on `today` (the read model's SQL mirrors it). */
export function unmatchedStatus(
  o: { startsOn: string; dueOn: string },
  today: string,
): 'UPCOMING' | 'DUE' | 'MISSED' {
  return today < o.startsOn ? 'UPCOMING' : today <= o.dueOn ? 'DUE' : 'MISSED';
}

/** A stored task event with the instant it was recorded: what the facts are folded from. */
export interface DatedTaskEvent {
  type: string;
  data: object;
  occurredAt: string;
}

/**
 * The obligation facts of a task, folded from its events (the projection and the timer runner
 * both use this, so they agree). Null until assigned.
 */
export function foldObligationFacts(
  facts: ObligationFacts | null,
  e: DatedTaskEvent,
): ObligationFacts | null {
  const d = e.data as Record<string, unknown>;
  if (e.type === 'TaskAssigned')
    return {
      taskId: String(d.taskId),
      frequency: (d.reportingFrequency as ReportingFrequency | undefined) ?? 'NONE',
      graceDays: (d.reportGraceDays as number | undefined) ?? DEFAULT_REPORT_GRACE_DAYS,
      assignedOn: vietnamDateOf(e.occurredAt),
      dueOn: String(d.dueOn),
      closedOn: null,
      reports: [],
    };
  if (!facts) return facts;
  switch (e.type) {
    case 'ProgressReported':
      return {
        ...facts,
        reports: [
          ...facts.reports,
          { reportId: String(d.reportId), date: vietnamDateOf(e.occurredAt) },
        ],
      };
    case 'TaskDueDateExtended':
      return { ...facts, dueOn: String(d.dueOn) };
    case 'TaskCompleted':
    case 'TaskCancelled':
      return { ...facts, closedOn: vietnamDateOf(e.occurredAt) };
    default:
      return facts;
  }
}

import type { Observation } from '../assessment/assessment';
import type {
  CommandRecord,
  OrgUnitDoc,
  ReportDoc,
  ReadModelWriter,
  ResolutionDoc,
  ReviewDoc,
  TaskDoc,
} from './documents';
import { observationKey, replaces } from '../assessment/assessment';
import { comparePositions } from '../shared/positions';

/** Decimal integer strings without leading zeros: shorter is smaller, else compare as text. */
export { comparePositions };

/** A reported value with the report that carried it (null: not known, never returned). */
export type ReportedValue = Observation & { reportId: string | null };

/** Documents in plain maps: the fold behind time travel, and the write-behind cache of a batch. */
export class MemoryReadModel implements ReadModelWriter {
  readonly resolutions = new Map<string, ResolutionDoc>();
  readonly tasks = new Map<string, TaskDoc>();
  readonly reviews = new Map<string, ReviewDoc>();
  /**
   * Per resolution, every value reported for each (target, year, unit) with the report that
   * carried it: the latest one of a report not returned is what counts (DOMAIN.md, report approval).
   */
  readonly valuesByResolution = new Map<string, Map<string, ReportedValue[]>>();
  /** Reports returned (their values stop counting from the return on). */
  readonly returnedReports = new Set<string>();
  readonly commands = new Map<string, CommandRecord>();
  readonly reportsByTask = new Map<string, ReportDoc[]>();
  readonly reportsById = new Map<string, ReportDoc>();
  readonly orgUnits = new Map<string, OrgUnitDoc>();

  getOrgUnit(id: string) {
    return this.orgUnits.get(id);
  }
  putOrgUnit(doc: OrgUnitDoc) {
    this.orgUnits.set(doc.id, doc);
  }

  getResolution(id: string) {
    return this.resolutions.get(id);
  }
  putResolution(doc: ResolutionDoc) {
    this.resolutions.set(doc.id, doc);
  }
  getTask(id: string) {
    return this.tasks.get(id);
  }
  putTask(doc: TaskDoc) {
    this.tasks.set(doc.id, doc);
  }
  getReview(id: string) {
    return this.reviews.get(id);
  }
  putReview(doc: ReviewDoc) {
    this.reviews.set(doc.id, doc);
  }
  addObservations(resolutionId: string, rows: Observation[], reportId: string | null = null) {
    let byKey = this.valuesByResolution.get(resolutionId);
    if (!byKey) this.valuesByResolution.set(resolutionId, (byKey = new Map()));
    for (const o of rows) {
      const key = observationKey(o);
      const list = byKey.get(key);
      const value = { ...o, reportId };
      if (!list) byKey.set(key, [value]);
      else if (!list.some((v) => v.eventId === o.eventId)) list.push(value);
    }
  }
  returnReport(_resolutionId: string, reportId: string) {
    this.returnedReports.add(reportId);
  }
  /** The latest value of each (target, year, unit) among the reports not returned. */
  observations(resolutionId: string): Observation[] {
    const byKey = this.valuesByResolution.get(resolutionId);
    if (!byKey) return [];
    const counted: Observation[] = [];
    for (const list of byKey.values()) {
      let latest: ReportedValue | null = null;
      for (const v of list) {
        if (v.reportId !== null && this.returnedReports.has(v.reportId)) continue;
        if (replaces(v, latest ?? undefined)) latest = v;
      }
      if (latest) {
        const { reportId: _r, ...o } = latest;
        counted.push(o);
      }
    }
    return counted.sort((a, b) => comparePositions(a.position, b.position));
  }
  addReport(report: ReportDoc) {
    const list = this.reportsByTask.get(report.taskId);
    if (list) list.push(report);
    else this.reportsByTask.set(report.taskId, [report]);
    this.reportsById.set(report.id, report);
  }
  getReport(id: string) {
    return this.reportsById.get(id);
  }
  /** A report's decision (approved, returned) replaces its document in place. */
  putReport(report: ReportDoc) {
    const list = this.reportsByTask.get(report.taskId) ?? [];
    const index = list.findIndex((r) => r.id === report.id);
    if (index >= 0) list[index] = report;
    else this.addReport(report);
    this.reportsById.set(report.id, report);
  }
  reports(taskId: string): ReportDoc[] {
    return this.reportsByTask.get(taskId) ?? [];
  }
  /** The first record of a command stands; its position moves to the command's last event. */
  putCommand(record: CommandRecord) {
    const seen = this.commands.get(record.commandId);
    if (!seen) this.commands.set(record.commandId, record);
    else if (comparePositions(seen.position, record.position) < 0)
      this.commands.set(record.commandId, { ...seen, position: record.position });
  }
}

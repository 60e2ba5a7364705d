import type { Observation } from '../assessment/assessment';
import type {
  CommandRecord,
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

/** Documents in plain maps: the fold behind time travel, and the write-behind cache of a batch. */
export class MemoryReadModel implements ReadModelWriter {
  readonly resolutions = new Map<string, ResolutionDoc>();
  readonly tasks = new Map<string, TaskDoc>();
  readonly reviews = new Map<string, ReviewDoc>();
  /** Per resolution, the latest value of each (target, year, unit): all the assessment counts. */
  readonly observationsByResolution = new Map<string, Map<string, Observation>>();
  readonly commands = new Map<string, CommandRecord>();
  readonly reportsByTask = new Map<string, ReportDoc[]>();

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
  addObservations(resolutionId: string, rows: Observation[]) {
    let latest = this.observationsByResolution.get(resolutionId);
    if (!latest) this.observationsByResolution.set(resolutionId, (latest = new Map()));
    for (const o of rows) {
      const key = observationKey(o);
      if (replaces(o, latest.get(key))) latest.set(key, o);
    }
  }
  observations(resolutionId: string) {
    const latest = this.observationsByResolution.get(resolutionId);
    if (!latest) return [];
    return [...latest.values()].sort((a, b) => comparePositions(a.position, b.position));
  }
  addReport(report: ReportDoc) {
    const list = this.reportsByTask.get(report.taskId);
    if (list) list.push(report);
    else this.reportsByTask.set(report.taskId, [report]);
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

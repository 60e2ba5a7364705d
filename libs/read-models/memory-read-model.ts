import type { Observation } from '../assessment/assessment';
import type {
  CommandRecord,
  ReadModelWriter,
  ResolutionDoc,
  ReviewDoc,
  TaskDoc,
} from './documents';

/** Documents in plain maps: the fold behind time travel, and the write-behind cache of a batch. */
export class MemoryReadModel implements ReadModelWriter {
  readonly resolutions = new Map<string, ResolutionDoc>();
  readonly tasks = new Map<string, TaskDoc>();
  readonly reviews = new Map<string, ReviewDoc>();
  readonly observationsByResolution = new Map<string, Observation[]>();
  readonly commands = new Map<string, CommandRecord>();

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
    const list = this.observationsByResolution.get(resolutionId) ?? [];
    list.push(...rows);
    this.observationsByResolution.set(resolutionId, list);
  }
  observations(resolutionId: string) {
    return this.observationsByResolution.get(resolutionId) ?? [];
  }
  putCommand(record: CommandRecord) {
    if (!this.commands.has(record.commandId)) this.commands.set(record.commandId, record);
  }
}

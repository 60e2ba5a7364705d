import Database from 'better-sqlite3';
import type { Observation } from '../assessment/assessment';
import type { StoredEvent } from '../event-store/event-store.port';
import type {
  CommandRecord,
  ReadModelWriter,
  ReportDoc,
  ResolutionDoc,
  ReviewDoc,
  TaskDoc,
} from './documents';
import { MemoryReadModel } from './memory-read-model';
import type { Page, ReadModelStore, TaskQuery } from './read-model.port';
import { projectBatch } from './resolution-tracking.projection';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS resolutions (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS resolutions_seq ON resolutions(seq);
CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, resolution_id TEXT NOT NULL,
  unit_id TEXT, status TEXT NOT NULL, due_on TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tasks_seq ON tasks(seq);
CREATE INDEX IF NOT EXISTS tasks_resolution ON tasks(resolution_id, seq);
CREATE INDEX IF NOT EXISTS tasks_unit ON tasks(unit_id, seq);
CREATE TABLE IF NOT EXISTS reviews (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, resolution_id TEXT NOT NULL, doc TEXT NOT NULL);
-- Only the latest value of each (target, year, unit) counts, so only that one is kept.
CREATE TABLE IF NOT EXISTS observations (resolution_id TEXT NOT NULL, target_id TEXT NOT NULL,
  year INTEGER NOT NULL, unit_key TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, event_id TEXT NOT NULL,
  PRIMARY KEY (resolution_id, target_id, year, unit_key));
CREATE TABLE IF NOT EXISTS commands (command_id TEXT PRIMARY KEY, command TEXT NOT NULL, fingerprint TEXT NOT NULL, result_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, task_id TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS reports_task ON reports(task_id, seq);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
`;

const CHECKPOINT = 'resolution-tracking';

/** Read models in a SQLite file beside the events (DATA_DIR/read-models.db). */
export class SqliteReadModel implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // The checkpoint commits with the rows; a lost tail is re-applied from the events after a crash.
    this.db.pragma('synchronous = NORMAL');
    // Rebuilds touch every index; a larger page cache keeps them in memory (64 MiB).
    this.db.pragma('cache_size = -65536');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmt = {
      getResolution: db.prepare('SELECT doc FROM resolutions WHERE id = ?').pluck(),
      putResolution: db.prepare(
        'INSERT INTO resolutions (id, seq, status, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, doc = excluded.doc',
      ),
      getTask: db.prepare('SELECT doc FROM tasks WHERE id = ?').pluck(),
      putTask: db.prepare(
        `INSERT INTO tasks (id, seq, resolution_id, unit_id, status, due_on, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, due_on = excluded.due_on, doc = excluded.doc`,
      ),
      getReview: db.prepare('SELECT doc FROM reviews WHERE id = ?').pluck(),
      putReview: db.prepare(
        'INSERT INTO reviews (id, seq, resolution_id, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc',
      ),
      addObservation: db.prepare(
        `INSERT INTO observations (resolution_id, position, target_id, year, unit_key, value, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (resolution_id, target_id, year, unit_key) DO UPDATE SET position = excluded.position, value = excluded.value, event_id = excluded.event_id
         WHERE excluded.position > observations.position`,
      ),
      observations: db.prepare(
        'SELECT target_id, year, unit_key, value, event_id, position FROM observations WHERE resolution_id = ? ORDER BY position',
      ),
      putCommand: db.prepare(
        'INSERT OR IGNORE INTO commands (command_id, command, fingerprint, result_id) VALUES (?, ?, ?, ?)',
      ),
      getCommand: db.prepare('SELECT command_id, command, fingerprint, result_id FROM commands WHERE command_id = ?'),
      putReport: db.prepare('INSERT OR IGNORE INTO reports (id, task_id, seq, doc) VALUES (?, ?, ?, ?)'),
      reports: db.prepare('SELECT doc FROM reports WHERE task_id = ? ORDER BY seq').pluck(),
      getReport: db.prepare('SELECT doc FROM reports WHERE id = ?').pluck(),
      getCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE name = ?').pluck(),
      putCheckpoint: db.prepare(
        'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
      ),
    };
  }

  applyBatch(events: StoredEvent[]): void {
    if (events.length === 0) return;
    this.db.transaction(() => {
      const batch = new BatchWriter(this);
      projectBatch(batch, events);
      batch.flush();
      this.stmt.putCheckpoint.run(CHECKPOINT, events[events.length - 1].position.toString());
    })();
  }

  checkpoint(): bigint {
    const p = this.stmt.getCheckpoint.get(CHECKPOINT) as string | undefined;
    return p === undefined ? 0n : BigInt(p);
  }

  reset(): void {
    this.db.exec(
      'DELETE FROM resolutions; DELETE FROM tasks; DELETE FROM reviews; DELETE FROM observations; DELETE FROM commands; DELETE FROM reports; DELETE FROM checkpoints;',
    );
  }

  resolution(id: string): ResolutionDoc | null {
    const doc = this.stmt.getResolution.get(id) as string | undefined;
    return doc ? JSON.parse(doc) : null;
  }

  resolutions(q: { status?: string | null; after?: string | null; limit: number }): Page<ResolutionDoc> {
    const w = new Where();
    if (q.status) w.add('status = ?', q.status);
    if (q.after) w.add('seq > ?', BigInt(q.after));
    return this.page('resolutions', w, q.limit);
  }

  task(id: string): TaskDoc | null {
    const doc = this.stmt.getTask.get(id) as string | undefined;
    return doc ? JSON.parse(doc) : null;
  }

  tasks(q: TaskQuery): Page<TaskDoc> {
    const w = new Where();
    const overdue = `due_on < ? AND status NOT IN ('COMPLETED', 'CANCELLED')`;
    if (q.resolutionId) w.add('resolution_id = ?', q.resolutionId);
    if (q.assigneeUnitId) w.add('unit_id = ?', q.assigneeUnitId);
    if (q.overdue === true) w.add(overdue, q.today);
    if (q.overdue === false) w.add(`NOT (${overdue})`, q.today);
    if (q.after) w.add('seq > ?', BigInt(q.after));
    return this.page('tasks', w, q.limit);
  }

  review(id: string): ReviewDoc | null {
    const doc = this.stmt.getReview.get(id) as string | undefined;
    return doc ? JSON.parse(doc) : null;
  }

  reports(taskId: string): ReportDoc[] {
    return (this.stmt.reports.all(taskId) as string[]).map((d) => JSON.parse(d));
  }

  report(id: string): ReportDoc | null {
    const doc = this.stmt.getReport.get(id) as string | undefined;
    return doc ? JSON.parse(doc) : null;
  }

  command(commandId: string): CommandRecord | null {
    const row = this.stmt.getCommand.get(commandId) as
      | { command_id: string; command: string; fingerprint: string; result_id: string }
      | undefined;
    return row
      ? { commandId: row.command_id, command: row.command, fingerprint: row.fingerprint, resultId: row.result_id }
      : null;
  }

  observations(resolutionId: string): Observation[] {
    const rows = this.stmt.observations.all(resolutionId) as Array<{
      target_id: string;
      year: number;
      unit_key: string;
      value: string;
      event_id: string;
      position: number | bigint;
    }>;
    return rows.map((r) => ({
      targetId: r.target_id,
      year: r.year,
      unitKey: r.unit_key,
      value: r.value,
      eventId: r.event_id,
      position: r.position.toString(),
    }));
  }

  dump(): Record<string, unknown[]> {
    const all = (sql: string) => this.db.prepare(sql).all();
    return {
      resolutions: all('SELECT * FROM resolutions ORDER BY id'),
      tasks: all('SELECT * FROM tasks ORDER BY id'),
      reviews: all('SELECT * FROM reviews ORDER BY id'),
      observations: all('SELECT * FROM observations ORDER BY resolution_id, target_id, year, unit_key'),
      commands: all('SELECT * FROM commands ORDER BY command_id'),
      reports: all('SELECT * FROM reports ORDER BY id'),
      checkpoints: all('SELECT * FROM checkpoints ORDER BY name'),
    };
  }

  close(): void {
    this.db.close();
  }

  private page<T>(table: string, where: Where, limit: number): Page<T> {
    const sql = `SELECT doc FROM ${table} ${where.sql()} ORDER BY seq LIMIT ?`;
    const docs = this.db
      .prepare(sql)
      .pluck()
      .all(...where.args, limit + 1) as string[];
    return { items: docs.slice(0, limit).map((d) => JSON.parse(d)), hasNextPage: docs.length > limit };
  }

  /** @internal used by BatchWriter inside the applyBatch transaction */
  write = {
    resolution: (d: ResolutionDoc) =>
      this.stmt.putResolution.run(d.id, BigInt(d.seq), d.status, JSON.stringify(d)),
    task: (d: TaskDoc) =>
      this.stmt.putTask.run(d.id, BigInt(d.seq), d.resolutionId, d.assigneeUnitId, d.status, d.dueOn, JSON.stringify(d)),
    review: (d: ReviewDoc) => this.stmt.putReview.run(d.id, BigInt(d.seq), d.resolutionId, JSON.stringify(d)),
    observation: (resolutionId: string, o: Observation) =>
      this.stmt.addObservation.run(resolutionId, BigInt(o.position), o.targetId, o.year, o.unitKey, o.value, o.eventId),
    report: (r: ReportDoc) =>
      this.stmt.putReport.run(r.id, r.taskId, BigInt(r.position), JSON.stringify(r)),
    command: (c: CommandRecord) => this.stmt.putCommand.run(c.commandId, c.command, c.fingerprint, c.resultId),
  };
}

class Where {
  private readonly clauses: string[] = [];
  readonly args: unknown[] = [];
  add(clause: string, arg: unknown): void {
    this.clauses.push(clause);
    this.args.push(arg);
  }
  sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** Write-behind cache for one batch: each document is parsed and serialised once per batch. */
class BatchWriter implements ReadModelWriter {
  private readonly cache = new MemoryReadModel();
  private readonly newObservations: Array<[string, Observation]> = [];
  private readonly newCommands: CommandRecord[] = [];
  private readonly newReports: ReportDoc[] = [];
  private readonly dirty = { resolutions: new Set<string>(), tasks: new Set<string>(), reviews: new Set<string>() };

  constructor(private readonly store: SqliteReadModel) {}

  getResolution(id: string) {
    return this.cache.getResolution(id) ?? this.load(this.store.resolution(id), (d) => this.cache.putResolution(d));
  }
  putResolution(doc: ResolutionDoc) {
    this.cache.putResolution(doc);
    this.dirty.resolutions.add(doc.id);
  }
  getTask(id: string) {
    return this.cache.getTask(id) ?? this.load(this.store.task(id), (d) => this.cache.putTask(d));
  }
  putTask(doc: TaskDoc) {
    this.cache.putTask(doc);
    this.dirty.tasks.add(doc.id);
  }
  getReview(id: string) {
    return this.cache.getReview(id) ?? this.load(this.store.review(id), (d) => this.cache.putReview(d));
  }
  putReview(doc: ReviewDoc) {
    this.cache.putReview(doc);
    this.dirty.reviews.add(doc.id);
  }
  addObservations(resolutionId: string, rows: Observation[]) {
    if (!this.cache.observationsByResolution.has(resolutionId))
      this.cache.addObservations(resolutionId, this.store.observations(resolutionId));
    this.cache.addObservations(resolutionId, rows);
    for (const row of rows) this.newObservations.push([resolutionId, row]);
  }
  observations(resolutionId: string) {
    if (!this.cache.observationsByResolution.has(resolutionId))
      this.cache.addObservations(resolutionId, this.store.observations(resolutionId));
    return this.cache.observations(resolutionId);
  }
  putCommand(record: CommandRecord) {
    this.newCommands.push(record);
  }
  addReport(report: ReportDoc) {
    this.newReports.push(report);
  }

  flush(): void {
    for (const id of this.dirty.resolutions) this.store.write.resolution(this.cache.resolutions.get(id)!);
    for (const id of this.dirty.tasks) this.store.write.task(this.cache.tasks.get(id)!);
    for (const id of this.dirty.reviews) this.store.write.review(this.cache.reviews.get(id)!);
    for (const [resolutionId, o] of this.newObservations) this.store.write.observation(resolutionId, o);
    for (const c of this.newCommands) this.store.write.command(c);
    for (const r of this.newReports) this.store.write.report(r);
  }

  private load<T>(doc: T | null, keep: (d: T) => void): T | undefined {
    if (!doc) return undefined;
    keep(doc);
    return doc;
  }
}

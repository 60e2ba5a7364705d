import { Kysely, sql, type Dialect } from 'kysely';
import type { Observation } from '../assessment/assessment';
import type { PendingTimer } from '../workflows/alerts/alerts.timers';
import { advanceAnchor, EMPTY_ANCHOR, formatAnchor, type AnchorPoint } from '../audit/anchor';
import type { StoredEvent } from '../event-store/event-store.port';
import type {
  CommandRecord,
  ReadModelWriter,
  ReportDoc,
  ResolutionDoc,
  ReviewDoc,
  TaskDoc,
} from './documents';
import { comparePositions, MemoryReadModel } from './memory-read-model';
import type { Page, ReadModelStore, TaskQuery } from './read-model.port';
import { migrate, type ReadModelTables } from './read-model.schema';
import { projectBatch } from './resolution-tracking.projection';

const CHECKPOINT = 'resolution-tracking';
/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bind-parameter limits. */
const CHUNK = 200;

type Db = Kysely<ReadModelTables>;

/**
 * The read models over Kysely, the same queries for SQLite and PostgreSQL. A batch is applied by
 * loading the documents its events name, running the pure projection over them in memory, and
 * writing what changed with the new checkpoint in one transaction.
 */
export class KyselyReadModel implements ReadModelStore {
  private constructor(private readonly db: Db) {}

  static async open(dialect: Dialect): Promise<KyselyReadModel> {
    const db = new Kysely<ReadModelTables>({ dialect });
    await migrate(db);
    return new KyselyReadModel(db);
  }

  async applyBatch(events: StoredEvent[], opts: { skipProjection?: boolean } = {}): Promise<void> {
    if (events.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const anchors = await writeAnchors(trx, events);
      if (!opts.skipProjection) {
        const batch = await BatchState.load(trx, events);
        projectBatch(batch, events);
        // A review keeps the anchor of the events it was based on, fixed when it opens.
        for (const review of batch.changedReviews())
          review.anchor ??= formatAnchor(
            anchors.get(review.asOfPosition) ?? (await anchorAt(trx, BigInt(review.asOfPosition))),
          );
        await batch.write(trx);
      }
      await trx
        .insertInto('checkpoints')
        .values({ name: CHECKPOINT, position: events[events.length - 1].position.toString() })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ position: (eb) => eb.ref('excluded.position') }),
        )
        .execute();
    });
  }

  async checkpoint(): Promise<bigint> {
    const row = await this.db
      .selectFrom('checkpoints')
      .select('position')
      .where('name', '=', CHECKPOINT)
      .executeTakeFirst();
    return row ? BigInt(row.position) : 0n;
  }

  anchorAt(position: bigint): Promise<AnchorPoint> {
    return anchorAt(this.db, position);
  }

  async anchorPoints(after: bigint, to: bigint, limit: number): Promise<AnchorPoint[]> {
    const rows = await this.db
      .selectFrom('anchors')
      .selectAll()
      .where('position', '>', after.toString())
      .where('position', '<=', to.toString())
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map(pointOf);
  }

  async engineCheckpoint(name: string): Promise<bigint> {
    const row = await this.db
      .selectFrom('engine_checkpoints')
      .select('position')
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? BigInt(row.position) : 0n;
  }

  async saveEngineCheckpoint(name: string, position: bigint): Promise<void> {
    await this.db
      .insertInto('engine_checkpoints')
      .values({ name, position: position.toString() })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ position: (eb) => eb.ref('excluded.position') }),
      )
      .execute();
  }

  /** Adds timers (a timer already pending stays as it is) and moves a checkpoint, atomically. */
  async scheduleTimers(
    timers: PendingTimer[],
    checkpoint: string,
    position: bigint,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (timers.length > 0)
        await trx
          .insertInto('engine_timers')
          .values(
            timers.map((t) => ({
              timer_id: t.timerId,
              fire_at: t.fireAt,
              timer: JSON.stringify(t),
            })),
          )
          .onConflict((oc) => oc.column('timer_id').doNothing())
          .execute();
      await trx
        .insertInto('engine_checkpoints')
        .values({ name: checkpoint, position: position.toString() })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ position: (eb) => eb.ref('excluded.position') }),
        )
        .execute();
    });
  }

  /** Timers due by `instant`, in the order they fall due. */
  async dueTimers(instant: string, limit: number): Promise<PendingTimer[]> {
    const rows = await this.db
      .selectFrom('engine_timers')
      .select('timer')
      .where('fire_at', '<=', instant)
      .orderBy('fire_at')
      .orderBy('timer_id')
      .limit(limit)
      .execute();
    return rows.map((r) => JSON.parse(r.timer) as PendingTimer);
  }

  async nextTimerAt(): Promise<string | null> {
    const row = await this.db
      .selectFrom('engine_timers')
      .select('fire_at')
      .orderBy('fire_at')
      .limit(1)
      .executeTakeFirst();
    return row?.fire_at ?? null;
  }

  async dropTimer(timerId: string): Promise<void> {
    await this.db.deleteFrom('engine_timers').where('timer_id', '=', timerId).execute();
  }

  async reset(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of [
        'resolutions',
        'tasks',
        'reviews',
        'reports',
        'observations',
        'commands',
        'anchors',
        'checkpoints',
      ] as const)
        await trx.deleteFrom(table).execute();
    });
  }

  async resolution(id: string): Promise<ResolutionDoc | null> {
    return docOf(
      await this.db.selectFrom('resolutions').select('doc').where('id', '=', id).executeTakeFirst(),
    );
  }

  async resolutions(q: { status?: string | null; after?: string | null; limit: number }) {
    let query = this.db.selectFrom('resolutions').select('doc');
    if (q.status) query = query.where('status', '=', q.status);
    if (q.after) query = query.where('seq', '>', q.after);
    return page<ResolutionDoc>(
      await query
        .orderBy('seq')
        .limit(q.limit + 1)
        .execute(),
      q.limit,
    );
  }

  async task(id: string): Promise<TaskDoc | null> {
    return docOf(
      await this.db.selectFrom('tasks').select('doc').where('id', '=', id).executeTakeFirst(),
    );
  }

  async tasks(q: TaskQuery): Promise<Page<TaskDoc>> {
    let query = this.db.selectFrom('tasks').select('doc');
    if (q.resolutionId) query = query.where('resolution_id', '=', q.resolutionId);
    if (q.assigneeUnitId) query = query.where('unit_id', '=', q.assigneeUnitId);
    // Overdue: due before today (Asia/Ho_Chi_Minh) and neither COMPLETED nor CANCELLED.
    if (q.overdue === true)
      query = query
        .where('due_on', '<', q.today)
        .where('status', 'not in', ['COMPLETED', 'CANCELLED']);
    if (q.overdue === false)
      query = query.where((eb) =>
        eb.or([eb('due_on', '>=', q.today), eb('status', 'in', ['COMPLETED', 'CANCELLED'])]),
      );
    if (q.after) query = query.where('seq', '>', q.after);
    return page<TaskDoc>(
      await query
        .orderBy('seq')
        .limit(q.limit + 1)
        .execute(),
      q.limit,
    );
  }

  async review(id: string): Promise<ReviewDoc | null> {
    return docOf(
      await this.db.selectFrom('reviews').select('doc').where('id', '=', id).executeTakeFirst(),
    );
  }

  async reports(taskId: string): Promise<ReportDoc[]> {
    const rows = await this.db
      .selectFrom('reports')
      .select('doc')
      .where('task_id', '=', taskId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => JSON.parse(r.doc));
  }

  async report(id: string): Promise<ReportDoc | null> {
    return docOf(
      await this.db.selectFrom('reports').select('doc').where('id', '=', id).executeTakeFirst(),
    );
  }

  async command(commandId: string): Promise<CommandRecord | null> {
    const row = await this.db
      .selectFrom('commands')
      .selectAll()
      .where('command_id', '=', commandId)
      .executeTakeFirst();
    return row
      ? {
          commandId: row.command_id,
          command: row.command,
          fingerprint: row.fingerprint,
          resultId: row.result_id,
          position: String(row.position),
        }
      : null;
  }

  async observations(resolutionId: string): Promise<Observation[]> {
    return loadObservations(this.db, [resolutionId]).then((m) => m.get(resolutionId) ?? []);
  }

  async dump(): Promise<Record<string, unknown[]>> {
    const all = async (table: keyof ReadModelTables, order: string[]) =>
      (
        await this.db
          .selectFrom(table)
          .selectAll()
          .orderBy(order.map((c) => sql.ref(c)))
          .execute()
      ).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])),
      );
    return {
      resolutions: await all('resolutions', ['id']),
      tasks: await all('tasks', ['id']),
      reviews: await all('reviews', ['id']),
      reports: await all('reports', ['id']),
      observations: await all('observations', ['resolution_id', 'target_id', 'year', 'unit_key']),
      commands: await all('commands', ['command_id']),
      anchors: await all('anchors', ['position']),
      checkpoints: await all('checkpoints', ['name']),
    };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function pointOf(row: { position: string | number; events: string | number; hash: string }) {
  return { position: BigInt(row.position), events: Number(row.events), hash: row.hash };
}

async function anchorAt(db: Db, position: bigint): Promise<AnchorPoint> {
  const row = await db
    .selectFrom('anchors')
    .selectAll()
    .where('position', '<=', position.toString())
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? pointOf(row) : EMPTY_ANCHOR;
}

/**
 * Folds the batch into the running hash from the last point kept (events already folded are
 * skipped, so applying a batch twice changes nothing) and keeps a point per event.
 */
async function writeAnchors(db: Db, events: StoredEvent[]): Promise<Map<string, AnchorPoint>> {
  const last = await db
    .selectFrom('anchors')
    .selectAll()
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  const points = advanceAnchor(last ? pointOf(last) : EMPTY_ANCHOR, events);
  for (const rows of chunks(points))
    await db
      .insertInto('anchors')
      .values(
        rows.map((p) => ({ position: p.position.toString(), events: p.events, hash: p.hash })),
      )
      .execute();
  return new Map(points.map((p) => [p.position.toString(), p]));
}

function docOf<T>(row: { doc: string } | undefined): T | null {
  return row ? JSON.parse(row.doc) : null;
}

function page<T>(rows: Array<{ doc: string }>, limit: number): Page<T> {
  return {
    items: rows.slice(0, limit).map((r) => JSON.parse(r.doc)),
    hasNextPage: rows.length > limit,
  };
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function loadObservations(
  db: Db,
  resolutionIds: string[],
): Promise<Map<string, Observation[]>> {
  const byResolution = new Map<string, Observation[]>();
  for (const ids of chunks(resolutionIds)) {
    const rows = await db
      .selectFrom('observations')
      .selectAll()
      .where('resolution_id', 'in', ids)
      .execute();
    for (const r of rows) {
      const list = byResolution.get(r.resolution_id) ?? [];
      list.push({
        targetId: r.target_id,
        year: Number(r.year),
        unitKey: r.unit_key,
        value: r.value,
        eventId: r.event_id,
        position: String(r.position),
      });
      byResolution.set(r.resolution_id, list);
    }
  }
  for (const list of byResolution.values())
    list.sort((a, b) => comparePositions(a.position, b.position));
  return byResolution;
}

/**
 * The documents one batch touches, loaded up front (every event names its resolution, and its
 * task or review by its stream), so the synchronous projection can run over them in memory.
 */
class BatchState implements ReadModelWriter {
  private readonly docs = new MemoryReadModel();
  private readonly dirty = {
    resolutions: new Set<string>(),
    tasks: new Set<string>(),
    reviews: new Set<string>(),
  };
  private readonly newObservations: Array<[string, Observation]> = [];
  private readonly newCommands = new Map<string, CommandRecord>();
  private readonly newReports: ReportDoc[] = [];
  private readonly loaded = {
    resolutions: new Set<string>(),
    tasks: new Set<string>(),
    reviews: new Set<string>(),
  };

  static async load(db: Db, events: StoredEvent[]): Promise<BatchState> {
    const state = new BatchState();
    const ids = {
      resolutions: new Set<string>(),
      tasks: new Set<string>(),
      reviews: new Set<string>(),
    };
    for (const e of events) {
      const data = e.data as {
        resolutionId?: string;
        parentId?: string | null;
        supersededBy?: string;
      };
      if (data.resolutionId) ids.resolutions.add(data.resolutionId);
      if (data.parentId) ids.resolutions.add(data.parentId);
      // ResolutionSuperseded also lists the replaced resolution under its replacement.
      if (data.supersededBy) ids.resolutions.add(data.supersededBy);
      const dash = e.streamId.indexOf('-');
      const kind = e.streamId.slice(0, dash);
      const id = e.streamId.slice(dash + 1);
      if (kind === 'resolution') ids.resolutions.add(id);
      else if (kind === 'task') ids.tasks.add(id);
      else if (kind === 'review') ids.reviews.add(id);
    }
    for (const table of ['resolutions', 'tasks', 'reviews'] as const) {
      for (const chunk of chunks([...ids[table]])) {
        const rows = await db.selectFrom(table).select('doc').where('id', 'in', chunk).execute();
        for (const row of rows) {
          const doc = JSON.parse(row.doc);
          if (table === 'resolutions') state.docs.putResolution(doc);
          else if (table === 'tasks') state.docs.putTask(doc);
          else state.docs.putReview(doc);
        }
      }
      for (const id of ids[table]) state.loaded[table].add(id);
    }
    const observations = await loadObservations(db, [...ids.resolutions]);
    for (const [resolutionId, list] of observations) state.docs.addObservations(resolutionId, list);
    return state;
  }

  private requireLoaded(kind: keyof BatchState['loaded'], id: string): void {
    // The projection may only read what the batch loaded; anything else is a bug, not a miss.
    if (!this.loaded[kind].has(id))
      throw new Error(`projection read ${kind} ${id} that its batch did not name`);
  }

  getResolution(id: string) {
    this.requireLoaded('resolutions', id);
    return this.docs.getResolution(id);
  }
  putResolution(doc: ResolutionDoc) {
    this.loaded.resolutions.add(doc.id);
    this.docs.putResolution(doc);
    this.dirty.resolutions.add(doc.id);
  }
  getTask(id: string) {
    this.requireLoaded('tasks', id);
    return this.docs.getTask(id);
  }
  putTask(doc: TaskDoc) {
    this.loaded.tasks.add(doc.id);
    this.docs.putTask(doc);
    this.dirty.tasks.add(doc.id);
  }
  getReview(id: string) {
    this.requireLoaded('reviews', id);
    return this.docs.getReview(id);
  }
  putReview(doc: ReviewDoc) {
    this.loaded.reviews.add(doc.id);
    this.docs.putReview(doc);
    this.dirty.reviews.add(doc.id);
  }
  addObservations(resolutionId: string, rows: Observation[]) {
    this.docs.addObservations(resolutionId, rows);
    for (const row of rows) this.newObservations.push([resolutionId, row]);
  }
  observations(resolutionId: string) {
    this.requireLoaded('resolutions', resolutionId);
    return this.docs.observations(resolutionId);
  }
  putCommand(record: CommandRecord) {
    const seen = this.newCommands.get(record.commandId);
    if (!seen) this.newCommands.set(record.commandId, record);
    else if (comparePositions(seen.position, record.position) < 0)
      this.newCommands.set(record.commandId, { ...seen, position: record.position });
  }
  addReport(report: ReportDoc) {
    this.newReports.push(report);
  }
  /** The reviews this batch changed, as they will be written. */
  changedReviews(): ReviewDoc[] {
    return [...this.dirty.reviews].map((id) => this.docs.getReview(id)!);
  }

  async write(db: Db): Promise<void> {
    const resolutions = [...this.dirty.resolutions].map((id) => this.docs.getResolution(id)!);
    for (const rows of chunks(resolutions))
      await db
        .insertInto('resolutions')
        .values(
          rows.map((d) => ({ id: d.id, seq: d.seq, status: d.status, doc: JSON.stringify(d) })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            status: (eb) => eb.ref('excluded.status'),
            doc: (eb) => eb.ref('excluded.doc'),
          }),
        )
        .execute();
    const tasks = [...this.dirty.tasks].map((id) => this.docs.getTask(id)!);
    for (const rows of chunks(tasks))
      await db
        .insertInto('tasks')
        .values(
          rows.map((d) => ({
            id: d.id,
            seq: d.seq,
            resolution_id: d.resolutionId,
            unit_id: d.assigneeUnitId,
            status: d.status,
            due_on: d.dueOn,
            doc: JSON.stringify(d),
          })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            status: (eb) => eb.ref('excluded.status'),
            due_on: (eb) => eb.ref('excluded.due_on'),
            doc: (eb) => eb.ref('excluded.doc'),
          }),
        )
        .execute();
    const reviews = [...this.dirty.reviews].map((id) => this.docs.getReview(id)!);
    for (const rows of chunks(reviews))
      await db
        .insertInto('reviews')
        .values(
          rows.map((d) => ({
            id: d.id,
            seq: d.seq,
            resolution_id: d.resolutionId,
            doc: JSON.stringify(d),
          })),
        )
        .onConflict((oc) => oc.column('id').doUpdateSet({ doc: (eb) => eb.ref('excluded.doc') }))
        .execute();
    for (const rows of chunks(this.newReports))
      await db
        .insertInto('reports')
        .values(
          rows.map((r) => ({
            id: r.id,
            task_id: r.taskId,
            seq: r.position,
            doc: JSON.stringify(r),
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    // Several values of one key can arrive in one batch; only the latest may be written.
    const latest = new Map<string, [string, Observation]>();
    for (const [resolutionId, o] of this.newObservations) {
      const key = `${resolutionId}|${o.targetId}|${o.year}|${o.unitKey}`;
      const seen = latest.get(key);
      if (!seen || comparePositions(seen[1].position, o.position) < 0)
        latest.set(key, [resolutionId, o]);
    }
    for (const rows of chunks([...latest.values()]))
      await db
        .insertInto('observations')
        .values(
          rows.map(([resolutionId, o]) => ({
            resolution_id: resolutionId,
            target_id: o.targetId,
            year: o.year,
            unit_key: o.unitKey,
            position: o.position,
            value: o.value,
            event_id: o.eventId,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['resolution_id', 'target_id', 'year', 'unit_key'])
            .doUpdateSet({
              position: (eb) => eb.ref('excluded.position'),
              value: (eb) => eb.ref('excluded.value'),
              event_id: (eb) => eb.ref('excluded.event_id'),
            })
            .where((eb) => eb('excluded.position', '>', eb.ref('observations.position'))),
        )
        .execute();
    for (const rows of chunks([...this.newCommands.values()]))
      await db
        .insertInto('commands')
        .values(
          rows.map((c) => ({
            command_id: c.commandId,
            command: c.command,
            fingerprint: c.fingerprint,
            result_id: c.resultId,
            position: c.position,
          })),
        )
        // A command spanning two batches (its follow-on event) keeps its first record, latest position.
        .onConflict((oc) =>
          oc
            .column('command_id')
            .doUpdateSet({ position: (eb) => eb.ref('excluded.position') })
            .where((eb) => eb('excluded.position', '>', eb.ref('commands.position'))),
        )
        .execute();
  }
}

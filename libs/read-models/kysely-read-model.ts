import { Kysely, sql, type Dialect } from 'kysely';
import type { Observation } from '../assessment/assessment';
import type { PendingTimer } from '../workflows/alerts/alerts.timers';
import { advanceAnchor, EMPTY_ANCHOR, formatAnchor, type AnchorPoint } from '../audit/anchor';
import type { StoredEvent } from '../event-store/event-store.port';
import type {
  CommandRecord,
  OrgUnitDoc,
  ReadModelWriter,
  ReportDoc,
  ResolutionDoc,
  ReviewDoc,
  TaskDoc,
} from './documents';
import { comparePositions, MemoryReadModel } from './memory-read-model';
import {
  obligationsOf,
  unmatchedStatus,
  type Obligation,
} from '../workflows/task/reporting-obligations';
import type {
  ObligationQuery,
  Page,
  ReadModelStore,
  ReportQuery,
  ResolutionQuery,
  TaskQuery,
} from './read-model.port';
import { migrate, resolutionSearchText, type ReadModelTables } from './read-model.schema';
import { likeSubstring } from '../shared/search-text';
import { projectBatch } from './resolution-tracking.projection';
import { parseStream } from '../workflows/shared/streams';
import { CLOSED } from '../workflows/task/task-status';

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

  async dropTimers(timerIds: string[]): Promise<void> {
    for (const ids of chunks(timerIds))
      await this.db.deleteFrom('engine_timers').where('timer_id', 'in', ids).execute();
  }

  async reset(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of [
        'resolutions',
        'tasks',
        'reviews',
        'reports',
        'observations',
        'obligations',
        'reported_values',
        'org_units',
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

  async resolutions(q: ResolutionQuery) {
    let query = this.db.selectFrom('resolutions').select('doc');
    if (q.status) query = query.where('status', '=', q.status);
    if (q.kind) query = query.where('kind', '=', q.kind);
    if (q.parentId) query = query.where('parent_id', '=', q.parentId);
    if (q.search)
      query = query.where(sql<boolean>`search_text like ${likeSubstring(q.search)} escape '!'`);
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
    if (q.assigneeMemberId) query = query.where('member_id', '=', q.assigneeMemberId);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.dueBefore) query = query.where('due_on', '<', q.dueBefore);
    // Overdue as isOverdue() says: due before today and not closed.
    if (q.overdue === true)
      query = query.where('due_on', '<', q.today).where('status', 'not in', [...CLOSED]);
    if (q.overdue === false)
      query = query.where((eb) =>
        eb.or([eb('due_on', '>=', q.today), eb('status', 'in', [...CLOSED])]),
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

  async reportingObligations(q: ObligationQuery): Promise<Page<Obligation>> {
    let query = this.db.selectFrom('obligations').selectAll();
    if (q.resolutionId) query = query.where('resolution_id', '=', q.resolutionId);
    if (q.assigneeUnitId) query = query.where('unit_id', '=', q.assigneeUnitId);
    // The calendar part mirrors unmatchedStatus(): UPCOMING before startsOn, DUE to dueOn, MISSED after.
    switch (q.status) {
      case 'SUBMITTED':
      case 'LATE':
        query = query.where('matched', '=', q.status);
        break;
      case 'UPCOMING':
        query = query.where('matched', 'is', null).where('starts_on', '>', q.today);
        break;
      case 'DUE':
        query = query
          .where('matched', 'is', null)
          .where('starts_on', '<=', q.today)
          .where('due_on', '>=', q.today);
        break;
      case 'MISSED':
        query = query.where('matched', 'is', null).where('due_on', '<', q.today);
        break;
    }
    const after = q.after;
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('due_on', '>', after.dueOn),
          eb.and([eb('due_on', '=', after.dueOn), eb('task_id', '>', after.taskId)]),
          eb.and([
            eb('due_on', '=', after.dueOn),
            eb('task_id', '=', after.taskId),
            eb('period', '>', after.period),
          ]),
        ]),
      );
    const rows = await query
      .orderBy('due_on')
      .orderBy('task_id')
      .orderBy('period')
      .limit(q.limit + 1)
      .execute();
    return {
      items: rows.slice(0, q.limit).map((r) => {
        const o = {
          taskId: r.task_id,
          period: r.period,
          startsOn: r.starts_on,
          endsOn: r.ends_on,
          dueOn: r.due_on,
          reportId: r.report_id,
        };
        return { ...o, status: (r.matched as Obligation['status']) ?? unmatchedStatus(o, q.today) };
      }),
      hasNextPage: rows.length > q.limit,
    };
  }

  async listReports(q: ReportQuery): Promise<Page<ReportDoc>> {
    let query = this.db.selectFrom('reports').select('doc');
    if (q.resolutionId) query = query.where('resolution_id', '=', q.resolutionId);
    if (q.assigneeUnitId) query = query.where('unit_id', '=', q.assigneeUnitId);
    if (q.year !== null && q.year !== undefined) query = query.where('year', '=', q.year);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.after) query = query.where('seq', '>', q.after);
    return page<ReportDoc>(
      await query
        .orderBy('seq')
        .limit(q.limit + 1)
        .execute(),
      q.limit,
    );
  }

  async orgUnit(id: string): Promise<OrgUnitDoc | null> {
    return docOf(
      await this.db.selectFrom('org_units').select('doc').where('id', '=', id).executeTakeFirst(),
    );
  }

  async orgUnits(parentId: string | null): Promise<OrgUnitDoc[]> {
    const rows = await this.db
      .selectFrom('org_units')
      .select('doc')
      .where('parent_id', parentId === null ? 'is' : '=', parentId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => JSON.parse(r.doc));
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
    const values = new MemoryReadModel();
    await loadValues(this.db, [resolutionId], values);
    return values.observations(resolutionId);
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
      reported_values: await all('reported_values', ['event_id', 'target_id', 'year']),
      org_units: await all('org_units', ['id']),
      obligations: await all('obligations', ['task_id', 'period']),
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

/** Every value reported to these resolutions, and which reports were returned, into `into`. */
async function loadValues(db: Db, resolutionIds: string[], into: MemoryReadModel): Promise<void> {
  for (const ids of chunks(resolutionIds)) {
    const rows = await db
      .selectFrom('reported_values')
      .selectAll()
      .where('resolution_id', 'in', ids)
      .execute();
    for (const r of rows) {
      into.addObservations(
        r.resolution_id,
        [
          {
            targetId: r.target_id,
            year: Number(r.year),
            unitKey: r.unit_key,
            value: r.value,
            eventId: r.event_id,
            position: String(r.position),
          },
        ],
        r.report_id,
      );
      if (Number(r.returned) === 1) into.returnReport(r.resolution_id, r.report_id);
    }
  }
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
    orgUnits: new Set<string>(),
  };
  private readonly newValues: Array<[string, Observation, string]> = [];
  private readonly returned = new Set<string>();
  private readonly newCommands = new Map<string, CommandRecord>();
  /** Reports made or decided in this batch, by id (the last version of each is written). */
  private readonly dirtyReports = new Map<string, ReportDoc>();
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
    const decidedReports = new Set<string>();
    const units = new Set<string>();
    for (const e of events) {
      if (e.type === 'ReportApproved' || e.type === 'ReportReturned')
        decidedReports.add(String(e.data.reportId));
      const data = e.data as {
        resolutionId?: string;
        parentId?: string | null;
        supersededBy?: string;
      };
      if (data.resolutionId) ids.resolutions.add(data.resolutionId);
      if (data.parentId) ids.resolutions.add(data.parentId);
      // ResolutionSuperseded also lists the replaced resolution under its replacement.
      if (data.supersededBy) ids.resolutions.add(data.supersededBy);
      const stream = parseStream(e.streamId);
      if (stream?.kind === 'resolution') ids.resolutions.add(stream.id);
      else if (stream?.kind === 'task') ids.tasks.add(stream.id);
      else if (stream?.kind === 'review') ids.reviews.add(stream.id);
      else if (stream?.kind === 'orgunit') units.add(stream.id);
    }
    for (const chunk of chunks([...units])) {
      const rows = await db
        .selectFrom('org_units')
        .select('doc')
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) state.docs.putOrgUnit(JSON.parse(row.doc));
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
    await loadValues(db, [...ids.resolutions], state.docs);
    for (const chunk of chunks([...decidedReports])) {
      const rows = await db.selectFrom('reports').select('doc').where('id', 'in', chunk).execute();
      for (const row of rows) state.docs.addReport(JSON.parse(row.doc));
    }
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
  addObservations(resolutionId: string, rows: Observation[], reportId: string | null = null) {
    this.docs.addObservations(resolutionId, rows, reportId);
    for (const row of rows) this.newValues.push([resolutionId, row, reportId ?? row.eventId]);
  }
  returnReport(resolutionId: string, reportId: string) {
    this.docs.returnReport(resolutionId, reportId);
    this.returned.add(reportId);
  }
  getReport(id: string) {
    return this.docs.getReport(id);
  }
  getOrgUnit(id: string) {
    return this.docs.getOrgUnit(id);
  }
  putOrgUnit(doc: OrgUnitDoc) {
    this.docs.putOrgUnit(doc);
    this.dirty.orgUnits.add(doc.id);
  }
  putReport(report: ReportDoc) {
    this.docs.putReport(report);
    this.dirtyReports.set(report.id, report);
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
    this.docs.addReport(report);
    this.dirtyReports.set(report.id, report);
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
          rows.map((d) => ({
            id: d.id,
            seq: d.seq,
            status: d.status,
            doc: JSON.stringify(d),
            kind: d.kind,
            parent_id: d.parentId,
            search_text: resolutionSearchText(d),
          })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            status: (eb) => eb.ref('excluded.status'),
            doc: (eb) => eb.ref('excluded.doc'),
            search_text: (eb) => eb.ref('excluded.search_text'),
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
            member_id: d.assigneeMemberId,
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
    // A task's obligations follow its facts: rewritten whole whenever the task moved.
    const reporting = tasks.filter((t) => t.reporting);
    for (const rows of chunks(reporting)) {
      await db
        .deleteFrom('obligations')
        .where(
          'task_id',
          'in',
          rows.map((t) => t.id),
        )
        .execute();
      const obligations = rows.flatMap((t) =>
        obligationsOf(t.reporting!, '').map((o) => ({
          task_id: t.id,
          period: o.period,
          resolution_id: t.resolutionId,
          unit_id: t.assigneeUnitId,
          starts_on: o.startsOn,
          ends_on: o.endsOn,
          due_on: o.dueOn,
          matched: o.reportId ? o.status : null,
          report_id: o.reportId,
        })),
      );
      for (const part of chunks(obligations))
        await db.insertInto('obligations').values(part).execute();
    }
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
    const units = [...this.dirty.orgUnits].map((id) => this.docs.getOrgUnit(id)!);
    for (const rows of chunks(units))
      await db
        .insertInto('org_units')
        .values(
          rows.map((d) => ({
            id: d.id,
            seq: d.seq,
            parent_id: d.parentId,
            doc: JSON.stringify(d),
          })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            parent_id: (eb) => eb.ref('excluded.parent_id'),
            doc: (eb) => eb.ref('excluded.doc'),
          }),
        )
        .execute();
    for (const rows of chunks([...this.dirtyReports.values()]))
      await db
        .insertInto('reports')
        .values(
          rows.map((r) => ({
            id: r.id,
            task_id: r.taskId,
            seq: r.position,
            doc: JSON.stringify(r),
            resolution_id: r.resolutionId ?? null,
            unit_id: r.assigneeUnitId ?? null,
            year: r.year,
            status: r.status ?? 'SUBMITTED',
          })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            doc: (eb) => eb.ref('excluded.doc'),
            status: (eb) => eb.ref('excluded.status'),
          }),
        )
        .execute();
    for (const rows of chunks(this.newValues))
      await db
        .insertInto('reported_values')
        .values(
          rows.map(([resolutionId, o, reportId]) => ({
            resolution_id: resolutionId,
            target_id: o.targetId,
            year: o.year,
            unit_key: o.unitKey,
            position: o.position,
            value: o.value,
            event_id: o.eventId,
            report_id: reportId,
            returned: this.returned.has(reportId) ? 1 : 0,
          })),
        )
        .onConflict((oc) => oc.columns(['event_id', 'target_id', 'year']).doNothing())
        .execute();
    for (const ids of chunks([...this.returned]))
      await db
        .updateTable('reported_values')
        .set({ returned: 1 })
        .where('report_id', 'in', ids)
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

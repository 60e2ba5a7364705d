import { sql, type Kysely, type Generated } from 'kysely';
import { foldForSearch } from '../shared/search-text';

/** The read-model tables, one definition for SQLite and PostgreSQL. Documents are JSON text. */
export interface ReadModelTables {
  resolutions: {
    id: string;
    seq: string | number;
    status: string;
    doc: string;
    kind: string | null;
    parent_id: string | null;
    /** Code and title folded for search (lower case, no diacritics). */
    search_text: string | null;
  };
  tasks: {
    id: string;
    seq: string | number;
    resolution_id: string;
    unit_id: string | null;
    status: string;
    due_on: string;
    doc: string;
    member_id: string | null;
  };
  reviews: { id: string; seq: string | number; resolution_id: string; doc: string };
  reports: {
    id: string;
    task_id: string;
    seq: string | number;
    doc: string;
    resolution_id: string | null;
    unit_id: string | null;
    year: number | null;
    status: string | null;
  };
  /**
   * Every value reported, with its report: the latest of each (target, year, unit) among the
   * reports not returned is what counts, so an earlier value counts again after a return.
   */
  reported_values: {
    resolution_id: string;
    target_id: string;
    year: number;
    unit_key: string;
    position: string | number;
    value: string;
    event_id: string;
    report_id: string;
    returned: number;
  };
  /** Only the latest value of each (target, year, unit) counts, so only that one is kept. */
  observations: {
    resolution_id: string;
    target_id: string;
    year: number;
    unit_key: string;
    position: string | number;
    value: string;
    event_id: string;
  };
  org_units: { id: string; seq: string | number; parent_id: string | null; doc: string };
  commands: {
    command_id: string;
    command: string;
    fingerprint: string;
    result_id: string;
    position: string | number;
  };
  checkpoints: { name: string; position: string };
  /** How far the engine's processes (and timers) are: not a read model, kept across rebuilds. */
  engine_checkpoints: { name: string; position: string };
  /** Timers not fired yet, by the instant they fire: the timer runner wakes for the first. */
  engine_timers: { timer_id: string; fire_at: string; timer: string };
  /** The running hash of the store at each event (anchors), kept off the write path. */
  anchors: { position: string | number; events: string | number; hash: string };
  schema_migrations: { version: number; applied_at: Generated<string> };
  obligations: {
    task_id: string;
    period: string;
    resolution_id: string;
    unit_id: string | null;
    starts_on: string;
    ends_on: string;
    due_on: string;
    /** SUBMITTED or LATE once a report satisfied it; null: its status follows the calendar. */
    matched: string | null;
    report_id: string | null;
  };
}

type Migration = (db: Kysely<any>) => Promise<void>;

/** Append-only: a new version adds a migration, never edits one that shipped. */
const MIGRATIONS: Migration[] = [
  async (db) => {
    await db.schema
      .createTable('resolutions')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('resolutions_seq')
      .ifNotExists()
      .on('resolutions')
      .column('seq')
      .execute();
    await db.schema
      .createTable('tasks')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('resolution_id', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tasks_seq').ifNotExists().on('tasks').column('seq').execute();
    await db.schema
      .createIndex('tasks_resolution')
      .ifNotExists()
      .on('tasks')
      .columns(['resolution_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('tasks_unit')
      .ifNotExists()
      .on('tasks')
      .columns(['unit_id', 'seq'])
      .execute();
    await db.schema
      .createTable('reviews')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('resolution_id', 'text', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('reports')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('task_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('reports_task')
      .ifNotExists()
      .on('reports')
      .columns(['task_id', 'seq'])
      .execute();
    await db.schema
      .createTable('observations')
      .ifNotExists()
      .addColumn('resolution_id', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('unit_key', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('observations_pk', [
        'resolution_id',
        'target_id',
        'year',
        'unit_key',
      ])
      .execute();
    await db.schema
      .createTable('commands')
      .ifNotExists()
      .addColumn('command_id', 'text', (c) => c.primaryKey())
      .addColumn('command', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('result_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('checkpoints')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('position', 'text', (c) => c.notNull())
      .execute();
  },
  // 2: where each command's result stands, so a replay answers with the state it first produced.
  async (db) => {
    await db.schema
      .alterTable('commands')
      .addColumn('position', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  // 3: the processes' own checkpoint, readable by every API process (read your writes).
  async (db) => {
    await db.schema
      .createTable('engine_checkpoints')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('position', 'text', (c) => c.notNull())
      .execute();
  },
  // 4: pending timers, on disk so a server with many open tasks keeps memory flat.
  async (db) => {
    await db.schema
      .createTable('engine_timers')
      .ifNotExists()
      .addColumn('timer_id', 'text', (c) => c.primaryKey())
      .addColumn('fire_at', 'text', (c) => c.notNull())
      .addColumn('timer', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('engine_timers_fire_at')
      .ifNotExists()
      .on('engine_timers')
      .columns(['fire_at', 'timer_id'])
      .execute();
  },
  // 5: reporting obligations, one row per (task, period), in the order reportingObligations pages.
  async (db) => {
    await db.schema
      .createTable('obligations')
      .ifNotExists()
      .addColumn('task_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('resolution_id', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text')
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('matched', 'text')
      .addColumn('report_id', 'text')
      .addPrimaryKeyConstraint('obligations_pk', ['task_id', 'period'])
      .execute();
    await db.schema
      .createIndex('obligations_order')
      .ifNotExists()
      .on('obligations')
      .columns(['due_on', 'task_id', 'period'])
      .execute();
  },
  // 6: report approval and the list of reports: every reported value kept with its report (a
  // returned report's values stop counting, the earlier ones count again), and the report
  // columns the list filters on. Backfilled from the rows already there.
  async (db) => {
    await db.schema
      .createTable('reported_values')
      .ifNotExists()
      .addColumn('resolution_id', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('unit_key', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('report_id', 'text', (c) => c.notNull())
      .addColumn('returned', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('reported_values_pk', ['event_id', 'target_id', 'year'])
      .execute();
    await db.schema
      .createIndex('reported_values_resolution')
      .ifNotExists()
      .on('reported_values')
      .columns(['resolution_id', 'position'])
      .execute();
    await db.schema
      .createIndex('reported_values_report')
      .ifNotExists()
      .on('reported_values')
      .column('report_id')
      .execute();
    for (const column of ['resolution_id', 'unit_id', 'status'])
      await db.schema.alterTable('reports').addColumn(column, 'text').execute();
    await db.schema.alterTable('reports').addColumn('year', 'integer').execute();
    await db.schema.createIndex('reports_seq').ifNotExists().on('reports').column('seq').execute();
    const tasks = new Map<string, { resolution_id: string; unit_id: string | null }>();
    for (const t of await db
      .selectFrom('tasks')
      .select(['id', 'resolution_id', 'unit_id'])
      .execute())
      tasks.set(t.id, t);
    const reportOfEvent = new Map<string, string>();
    for (const r of await db.selectFrom('reports').select(['id', 'task_id', 'doc']).execute()) {
      const doc = JSON.parse(r.doc);
      const task = tasks.get(r.task_id);
      reportOfEvent.set(doc.eventId, r.id);
      await db
        .updateTable('reports')
        .set({
          resolution_id: task?.resolution_id ?? null,
          unit_id: task?.unit_id ?? null,
          year: doc.year,
          status: 'SUBMITTED',
        })
        .where('id', '=', r.id)
        .execute();
    }
    for (const o of await db.selectFrom('observations').selectAll().execute())
      await db
        .insertInto('reported_values')
        .values({ ...o, report_id: reportOfEvent.get(o.event_id) ?? o.event_id, returned: 0 })
        .execute();
  },
  // 7: the lists people look things up by: resolutions by kind, parent and search text, tasks by
  // member. Backfilled from the documents already there.
  async (db) => {
    for (const column of ['kind', 'parent_id', 'search_text'])
      await db.schema.alterTable('resolutions').addColumn(column, 'text').execute();
    await db.schema.alterTable('tasks').addColumn('member_id', 'text').execute();
    await db.schema
      .createIndex('resolutions_parent')
      .ifNotExists()
      .on('resolutions')
      .columns(['parent_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('tasks_member')
      .ifNotExists()
      .on('tasks')
      .columns(['member_id', 'seq'])
      .execute();
    for (const r of await db.selectFrom('resolutions').select(['id', 'doc']).execute()) {
      const doc = JSON.parse(r.doc);
      await db
        .updateTable('resolutions')
        .set({ kind: doc.kind, parent_id: doc.parentId, search_text: resolutionSearchText(doc) })
        .where('id', '=', r.id)
        .execute();
    }
    for (const t of await db.selectFrom('tasks').select(['id', 'doc']).execute())
      await db
        .updateTable('tasks')
        .set({ member_id: JSON.parse(t.doc).assigneeMemberId ?? null })
        .where('id', '=', t.id)
        .execute();
  },
  // 8: organisation units, by parent in the order first defined.
  async (db) => {
    await db.schema
      .createTable('org_units')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('org_units_parent')
      .ifNotExists()
      .on('org_units')
      .columns(['parent_id', 'seq'])
      .execute();
  },
  // 9: running hashes by position (anchors), one per event, written with the checkpoint.
  async (db) => {
    await db.schema
      .createTable('anchors')
      .ifNotExists()
      .addColumn('position', 'bigint', (c) => c.primaryKey())
      .addColumn('events', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    // The running hash starts at the first event: the read models are rebuilt to fold it.
    for (const table of [
      'resolutions',
      'tasks',
      'reviews',
      'reports',
      'observations',
      'reported_values',
      'obligations',
      'org_units',
      'commands',
      'checkpoints',
    ])
      await db.deleteFrom(table).execute();
  },
];

/** The schema version this code knows: its last migration. */
export const READ_MODEL_SCHEMA_VERSION = MIGRATIONS.length;

/** What `resolutions(search:)` matches a substring of: the code and the title, folded. */
export function resolutionSearchText(doc: { code: string | null; title: string }): string {
  return foldForSearch(`${doc.code ?? ''}\n${doc.title}`);
}

export async function migrate(db: Kysely<ReadModelTables>): Promise<void> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
  const applied = await db.selectFrom('schema_migrations').select('version').execute();
  const done = new Set(applied.map((r) => Number(r.version)));
  const newest = Math.max(0, ...done);
  // Written by a newer version: its tables mean what this code cannot know; leave them alone.
  if (newest > MIGRATIONS.length)
    throw new Error(
      `the read models have schema version ${newest}, newer than this code knows (${MIGRATIONS.length})`,
    );
  for (let version = 1; version <= MIGRATIONS.length; version++) {
    if (done.has(version)) continue;
    await db.transaction().execute(async (trx) => {
      await MIGRATIONS[version - 1](trx);
      await trx.insertInto('schema_migrations').values({ version }).execute();
    });
  }
}

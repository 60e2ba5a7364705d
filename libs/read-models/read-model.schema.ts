import { sql, type Kysely, type Generated } from 'kysely';

/** The read-model tables, one definition for SQLite and PostgreSQL. Documents are JSON text. */
export interface ReadModelTables {
  resolutions: { id: string; seq: string | number; status: string; doc: string };
  tasks: {
    id: string;
    seq: string | number;
    resolution_id: string;
    unit_id: string | null;
    status: string;
    due_on: string;
    doc: string;
  };
  reviews: { id: string; seq: string | number; resolution_id: string; doc: string };
  reports: { id: string; task_id: string; seq: string | number; doc: string };
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
  // 5: running hashes by position (anchors), one per event, written with the checkpoint.
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
      'commands',
      'checkpoints',
    ])
      await db.deleteFrom(table).execute();
  },
];

/** The schema version this code knows: its last migration. */
export const READ_MODEL_SCHEMA_VERSION = MIGRATIONS.length;

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

import Database from 'better-sqlite3';
import { PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import { KyselyReadModel } from './kysely-read-model';

/** Read models in a SQLite file (the embedded default). */
export function openSqliteReadModel(file: string): Promise<KyselyReadModel> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The checkpoint commits with the rows: a lost tail after a crash is re-applied from the events.
  db.pragma('synchronous = NORMAL');
  // Rebuilds touch every index; a larger page cache keeps them in memory (64 MiB).
  db.pragma('cache_size = -65536');
  db.pragma('busy_timeout = 5000');
  return KyselyReadModel.open(new SqliteDialect({ database: db }));
}

/** Read models in PostgreSQL (READ_MODEL_URL=postgres://…). */
export function openPostgresReadModel(url: string): Promise<KyselyReadModel> {
  return KyselyReadModel.open(
    new PostgresDialect({ pool: new Pool({ connectionString: url, max: 10 }) }),
  );
}

import Database from 'better-sqlite3';
import { PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
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
  return KyselyReadModel.open(new SqliteDialect({ database: withStatementCache(db) }));
}

/**
 * Kysely prepares every statement it runs; the read models run the same few shapes over and
 * over, so each compiled statement is kept and reused (better-sqlite3 statements are reusable).
 */
function withStatementCache(db: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        if (statements.size < 1000) statements.set(sql, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

/** Read models in PostgreSQL (READ_MODEL_URL=postgres://…). */
export function openPostgresReadModel(
  url: string,
  onIdleError: (err: Error) => void = () => undefined,
): Promise<KyselyReadModel> {
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle connection the server closed (restart, failover, shutdown) leaves the pool, and the
  // next query opens a new one; unhandled, pg's 'error' event would end the process instead.
  pool.on('error', onIdleError);
  return KyselyReadModel.open(new PostgresDialect({ pool }));
}

import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { EVENTS_SCHEMA_VERSION } from '../event-store/sqlite-event-store';
import { READ_MODEL_SCHEMA_VERSION } from '../read-models/read-model.schema';

/** A reason the server cannot start, said in one line; nothing was written when it is thrown. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

const code = (err: unknown) => (err as { code?: string })?.code ?? '';
const reason = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

/** Free space below this (DATA_DIR_MIN_FREE_MB, default 16) counts as a full DATA_DIR. */
function minFreeBytes(): number {
  const mb = Number(process.env.DATA_DIR_MIN_FREE_MB ?? 16);
  return Number.isFinite(mb) && mb >= 0 ? mb * 1024 * 1024 : 16 * 1024 * 1024;
}

/**
 * DATA_DIR can be written (a probe file is created, synced and removed) and has room: a read-only
 * or full directory is found here, before any store opens, rather than on the first write.
 */
export function checkDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StartupError(`DATA_DIR ${dir} cannot be created (${code(err) || reason(err)})`);
  }
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, Buffer.alloc(4096));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const c = code(err);
    if (c === 'ENOSPC' || c === 'EDQUOT')
      throw new StartupError(`DATA_DIR ${dir} is full (${c}): free some space and start again`);
    throw new StartupError(
      `DATA_DIR ${dir} is not writable (${c || reason(err)}): the server needs to write its stores there`,
    );
  } finally {
    try {
      unlinkSync(probe);
    } catch {
      // Never created.
    }
  }
  const fs = statfsSync(dir);
  const free = Number(fs.bavail) * Number(fs.bsize);
  if (free < minFreeBytes())
    throw new StartupError(
      `DATA_DIR ${dir} is full: ${Math.floor(free / 1024 / 1024)} MB free, at least ${minFreeBytes() / 1024 / 1024} MB needed (DATA_DIR_MIN_FREE_MB)`,
    );
}

/**
 * An existing store file opens as a SQLite database of a schema this code knows; a file that
 * does not exist is fine (it is created). Read-only: nothing in it is changed.
 */
export function checkSqliteFile(
  file: string,
  schemaVersion: (db: Database.Database) => { found: number; known: number },
): void {
  if (!existsSync(file)) return;
  let db: Database.Database | null = null;
  let found: number;
  let known: number;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    ({ found, known } = schemaVersion(db));
  } catch (err) {
    throw new StartupError(
      `${file} is not a readable database (${code(err) || 'error'}: ${reason(err)}): restore it from a backup (npm run restore)`,
    );
  } finally {
    db?.close();
  }
  if (found > known)
    throw new StartupError(
      `${file} has schema version ${found}, newer than this code knows (${known}): run the newer version of the server`,
    );
}

/** The read models' schema: the last migration applied (none in a file not migrated yet). */
export function readModelSchemaVersion(db: Database.Database) {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  const found = table
    ? Number(db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get())
    : 0;
  return { found, known: READ_MODEL_SCHEMA_VERSION };
}

export function eventsSchemaVersion(db: Database.Database) {
  return {
    found: Number(db.pragma('user_version', { simple: true })),
    known: EVENTS_SCHEMA_VERSION,
  };
}

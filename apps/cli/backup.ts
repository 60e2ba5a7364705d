/**
 * npm run backup -- --out <file>
 * A consistent online backup of the embedded stores (DATA_DIR) while the server runs: each SQLite
 * file is copied with VACUUM INTO, one read transaction that sees a committed state and never
 * blocks the writers. The read models go first and the events after, so the events cover at
 * least what the read models reflect; on restore the projector catches up from their checkpoint.
 * With EventStoreDB or PostgreSQL, use their own backup tools (README, "Backups").
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tar from 'tar';
import { readModelFile, storeSettingsFromEnv } from '../../libs/infrastructure/open-stores';

export const BACKUP_FILES = ['read-models.db', 'events.db'] as const;
export const MANIFEST = 'backup.json';

export interface BackupManifest {
  format: 'resolution-tracker-backup/1';
  createdAt: string;
  /** The last event in the backup, and how far its read models had projected. */
  headPosition: string;
  projectedPosition: string;
}

function snapshot(source: string, target: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

function scalar(file: string, sql: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const value = db.prepare(sql).pluck().get();
    return value === undefined || value === null ? '0' : String(value);
  } finally {
    db.close();
  }
}

export async function backup(out: string): Promise<BackupManifest> {
  const settings = storeSettingsFromEnv();
  if (settings.eventStoreConnectionString || settings.readModelUrl)
    throw new Error(
      'backup copies the embedded stores only: back up EventStoreDB and PostgreSQL with their own tools (README, "Backups")',
    );
  const sources = {
    'read-models.db': readModelFile(settings),
    'events.db': join(settings.dataDir, 'events.db'),
  };
  for (const f of Object.values(sources))
    if (!existsSync(f)) throw new Error(`${f} does not exist: nothing to back up`);
  const target = resolve(out);
  const work = mkdtempSync(join(dirname(target), '.backup-'));
  try {
    for (const name of BACKUP_FILES) snapshot(sources[name], join(work, name));
    const manifest: BackupManifest = {
      format: 'resolution-tracker-backup/1',
      createdAt: new Date().toISOString(),
      headPosition: scalar(join(work, 'events.db'), 'SELECT max(position) FROM events'),
      projectedPosition: scalar(
        join(work, 'read-models.db'),
        "SELECT position FROM checkpoints WHERE name = 'resolution-tracking'",
      ),
    };
    writeFileSync(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const partial = `${target}.partial`;
    await tar.create({ file: partial, cwd: work, gzip: true, portable: true }, [
      MANIFEST,
      ...BACKUP_FILES,
    ]);
    // Only a complete archive takes the name asked for.
    renameSync(partial, target);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) {
    console.error('usage: npm run backup -- --out <file>');
    process.exit(2);
  }
  backup(values.out)
    .then((m) =>
      console.log(
        `backup written to ${values.out}: events up to position ${m.headPosition}, read models at ${m.projectedPosition}`,
      ),
    )
    .catch((err) => {
      console.error(`backup failed: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
}

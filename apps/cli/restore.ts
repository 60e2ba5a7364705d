/**
 * npm run restore -- <file> [--force]
 * Restores a backup (npm run backup) into DATA_DIR. Refuses a DATA_DIR that already holds files
 * unless --force, which replaces the stores there. The archive is unpacked and checked beside
 * them first, so a bad archive leaves DATA_DIR as it was.
 */
import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tar from 'tar';
import { storeSettingsFromEnv } from '../../libs/infrastructure/open-stores';
import { BACKUP_FILES, MANIFEST, type BackupManifest } from './backup';

function check(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(`${file}: ${String(result)}`);
  } finally {
    db.close();
  }
}

export async function restore(
  archive: string,
  opts: { force?: boolean; dataDir?: string } = {},
): Promise<BackupManifest> {
  const dataDir = resolve(opts.dataDir ?? storeSettingsFromEnv().dataDir);
  if (!existsSync(archive)) throw new Error(`${archive} does not exist`);
  mkdirSync(dataDir, { recursive: true });
  const present = readdirSync(dataDir).filter((f) => !f.startsWith('.restore-'));
  if (present.length > 0 && !opts.force)
    throw new Error(
      `${dataDir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}): pass --force to replace its stores`,
    );
  const work = mkdtempSync(join(dataDir, '.restore-'));
  try {
    await tar.extract({ file: archive, cwd: work, strict: true }, [MANIFEST, ...BACKUP_FILES]);
    const manifest = JSON.parse(readFileSync(join(work, MANIFEST), 'utf8')) as BackupManifest;
    if (manifest.format !== 'resolution-tracker-backup/1')
      throw new Error(`${archive}: not a backup of this product (${String(manifest.format)})`);
    for (const name of BACKUP_FILES) check(join(work, name));
    for (const name of BACKUP_FILES) {
      // Stale WAL files of the replaced store must not be replayed into the restored one.
      for (const f of [name, `${name}-wal`, `${name}-shm`])
        rmSync(join(dataDir, f), { force: true });
      renameSync(join(work, name), join(dataDir, name));
    }
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    options: { force: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    console.error('usage: npm run restore -- <file> [--force]');
    process.exit(2);
  }
  restore(positionals[0], { force: values.force })
    .then((m) =>
      console.log(
        `restored the backup of ${m.createdAt} (events up to position ${m.headPosition}) into ${resolve(storeSettingsFromEnv().dataDir)}`,
      ),
    )
    .catch((err) => {
      console.error(`restore failed: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
}

/**
 * Faults found at start-up: the real server process (`npm start`'s entry point) on a read-only or
 * full DATA_DIR, a corrupted store file, a store written by a newer version. Each: one clear line
 * on stderr, a non-zero exit, and every file in DATA_DIR exactly as it was.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  openSync,
  readdirSync,
  readFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { draftResolution } from '../support/lifecycle';
import { actors, startServer, tempDir, type Actors } from '../support/server';

function start(dataDir: string, env: Record<string, string> = {}, asNobody = false) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    // A server that started after all is stopped, and the test fails on its exit code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Every file of the directory with a hash of its bytes. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );
}

/** Every file there before is byte for byte the same; new ones are only SQLite's -wal/-shm. */
function expectUnchanged(dir: string, before: Record<string, string>) {
  const after = contents(dir);
  for (const [f, hash] of Object.entries(before)) expect([f, after[f]]).toEqual([f, hash]);
  for (const f of Object.keys(after).filter((f) => !(f in before)))
    expect(f).toMatch(/^(events|read-models)\.db-(wal|shm)$/);
}

function expectRefusal(r: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^resolution tracker cannot start: /);
  expect(lines[0]).toMatch(pattern);
}

const isRoot = process.getuid?.() === 0;
/** A small tmpfs of our own (root only): a real full or read-only file system. */
function tmpfs(sizeKb: number): string | null {
  if (!isRoot) return null;
  const dir = tempDir('tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  return r.status === 0 ? dir : null;
}
const umount = (dir: string) => spawnSync('umount', [dir]);

describe('faults at start-up', () => {
  let a: Actors;
  let stores: string;
  beforeAll(async () => {
    a = await actors();
    // A DATA_DIR with both stores and a few events in them, copied for each fault.
    stores = tempDir('faults-');
    const s = await startServer({ dataDir: stores });
    await draftResolution(s, a);
    await s.close();
  });
  const copy = () => {
    const dir = tempDir('fault-');
    cpSync(stores, dir, { recursive: true });
    return dir;
  };

  it('a store file that is not a database (corrupted): says which, exits 1, changes nothing', async () => {
    for (const file of ['events.db', 'read-models.db']) {
      const dir = copy();
      const fd = openSync(join(dir, file), 'r+');
      writeSync(fd, Buffer.from('this is not what SQLite wrote here'), 0, undefined, 0);
      closeSync(fd);
      const before = contents(dir);
      expectRefusal(await start(dir), new RegExp(`${file} is not a readable database`));
      expectUnchanged(dir, before);
    }
  }, 120_000);

  it('a store written by a newer version: exits 1 naming the versions, changes nothing', async () => {
    const events = copy();
    let db = new Database(join(events, 'events.db'));
    db.pragma('user_version = 99');
    db.close();
    let before = contents(events);
    expectRefusal(await start(events), /events\.db has schema version 99, newer than this code/);
    expectUnchanged(events, before);

    const readModels = copy();
    db = new Database(join(readModels, 'read-models.db'));
    db.prepare('INSERT INTO schema_migrations (version) VALUES (99)').run();
    db.close();
    before = contents(readModels);
    expectRefusal(
      await start(readModels),
      /read-models\.db has schema version 99, newer than this code/,
    );
    expectUnchanged(readModels, before);
  }, 120_000);

  it('a full DATA_DIR: exits 1 before writing', async () => {
    // Less free space than the configured minimum…
    const dir = copy();
    const before = contents(dir);
    expectRefusal(
      await start(dir, { DATA_DIR_MIN_FREE_MB: String(Number.MAX_SAFE_INTEGER) }),
      /is full: \d+ MB free/,
    );
    expectUnchanged(dir, before);
    // … and, where a small file system can be mounted, one with no room at all.
    const full = tmpfs(1024);
    if (!full) return;
    try {
      cpSync(stores, full, { recursive: true });
      spawnSync('sh', ['-c', `cat /dev/zero > ${join(full, 'filler')}`]);
      const filled = contents(full);
      expectRefusal(await start(full, { DATA_DIR_MIN_FREE_MB: '0' }), /is full \(ENOSPC\)/);
      expectUnchanged(full, filled);
    } finally {
      umount(full);
    }
  }, 120_000);

  it('a read-only DATA_DIR: exits 1 before writing', async () => {
    const ro = tmpfs(64 * 1024);
    if (ro) {
      // Root writes through file modes: a read-only file system it cannot.
      try {
        cpSync(stores, ro, { recursive: true });
        const before = contents(ro);
        expect(spawnSync('mount', ['-o', 'remount,ro', ro]).status).toBe(0);
        expectRefusal(await start(ro), /is not writable \(EROFS\)/);
        expectUnchanged(ro, before);
      } finally {
        umount(ro);
      }
      return;
    }
    // Without a mount of our own, file modes: root ignores them, so the server runs as nobody.
    const dir = copy();
    const before = contents(dir);
    chmodSync(dir, 0o555);
    try {
      expectRefusal(await start(dir, {}, isRoot), /is not writable \(EACCES\)/);
    } finally {
      chmodSync(dir, 0o755);
    }
    expectUnchanged(dir, before);
  }, 120_000);

  it('starts as usual on a sound DATA_DIR (the checks pass)', async () => {
    const s = await startServer({ dataDir: copy() });
    try {
      expect(await s.head()).toBeGreaterThan(0n);
    } finally {
      await s.close();
    }
  });
});

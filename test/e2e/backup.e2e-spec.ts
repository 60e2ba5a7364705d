/**
 * Backups of the embedded stores: `npm run backup` (a real child process) while the server takes
 * writes, `npm run restore` into a new DATA_DIR, a server started there: every write acknowledged
 * before the backup began is there and an anchor taken before it still holds.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { draftResolution } from '../support/lifecycle';
import { actors, ok, startServer, tempDir, type Actors, type TestServer } from '../support/server';

function run(script: string, args: string[], dataDir: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const VERIFY = `query($a: String!) { verifyAnchor(anchor: $a) { intact checkedEvents firstBrokenEventId } }`;

describe('backup and restore of the embedded stores', () => {
  let s: TestServer;
  let a: Actors;
  beforeAll(async () => {
    s = await startServer();
    a = await actors();
  });
  afterAll(() => s.close());

  it('backs up under write load; the restored DATA_DIR holds every write acknowledged before it', async () => {
    const acknowledged: Array<{ id: string; at: number }> = [];
    let writing = true;
    // Four writers, each drafting resolutions back to back until told to stop.
    const writers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const r = await draftResolution(s, a);
        acknowledged.push({ id: r.id, at: Date.now() });
      }
    });
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 10));
    const anchor = ok(
      await s.gql(a.auditor, '{ integrityAnchor { anchor events } }'),
    ).integrityAnchor;
    const before = acknowledged.map((w) => w.id);
    const out = join(tempDir('backup-out-'), 'tracker.tgz');
    const backedUp = await run('apps/cli/backup.ts', ['--out', out], s.dataDir);
    expect(backedUp).toMatchObject({ code: 0, stderr: '' });
    expect(backedUp.stdout).toMatch(/^backup written to .*tracker\.tgz/);
    const duringBackup = acknowledged.length - before.length;
    writing = false;
    await Promise.all(writers);
    // The load ran while the backup did.
    expect(duringBackup).toBeGreaterThan(0);

    // A DATA_DIR that holds anything is refused, and left as it was.
    const busy = tempDir('restore-busy-');
    writeFileSync(join(busy, 'events.db'), 'keep me');
    const refused = await run('apps/cli/restore.ts', [out], busy);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^restore failed: .* is not empty .*--force/);
    expect(readFileSync(join(busy, 'events.db'), 'utf8')).toBe('keep me');
    expect((await run('apps/cli/restore.ts', [out, '--force'], busy)).code).toBe(0);
    expect(readdirSync(busy).sort()).toEqual(['events.db', 'read-models.db']);

    const fresh = tempDir('restore-');
    const restored = await run('apps/cli/restore.ts', [out], fresh);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    await s.close();

    s = await startServer({ dataDir: fresh });
    const found = ok(
      await s.gql(
        a.auditor,
        `{ ${before.map((id, i) => `r${i}: resolution(id: "${id}") { id }`).join(' ')} }`,
      ),
    );
    expect(Object.values(found).map((r: any) => r?.id)).toEqual(before);
    expect(ok(await s.gql(a.auditor, VERIFY, { a: anchor.anchor })).verifyAnchor).toEqual({
      intact: true,
      checkedEvents: anchor.events,
      firstBrokenEventId: null,
    });
    const head = ok(await s.gql(a.auditor, '{ integrityAnchor { anchor } }')).integrityAnchor;
    expect(ok(await s.gql(a.auditor, VERIFY, { a: head.anchor })).verifyAnchor.intact).toBe(true);
    // The restored server takes writes as usual.
    expect((await draftResolution(s, a)).id).toBeTruthy();
  }, 120_000);

  it('refuses to back up without an --out, or a DATA_DIR that holds no store', async () => {
    expect(await run('apps/cli/backup.ts', [], s.dataDir)).toMatchObject({ code: 2 });
    const empty = tempDir('backup-empty-');
    const r = await run('apps/cli/backup.ts', ['--out', join(empty, 'x.tgz')], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not exist: nothing to back up/);
    expect(readdirSync(empty)).toEqual([]);
    // The production stores have their own tools.
    const esdb = await run('apps/cli/backup.ts', ['--out', join(empty, 'x.tgz')], s.dataDir, {
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false',
    });
    expect(esdb.code).toBe(1);
    expect(esdb.stderr).toMatch(/EventStoreDB and PostgreSQL with their own tools/);
  }, 60_000);

  it('a file that is not a backup is refused and DATA_DIR is left as it was', async () => {
    const dir = tempDir('restore-bad-');
    writeFileSync(join(dir, 'events.db'), 'the stores that are here');
    const bad = join(tempDir('bad-archive-'), 'not-a-backup.tgz');
    writeFileSync(bad, 'garbage, not a gzip archive');
    const r = await run('apps/cli/restore.ts', [bad, '--force'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^restore failed: /);
    expect(readdirSync(dir)).toEqual(['events.db']);
    expect(readFileSync(join(dir, 'events.db'), 'utf8')).toBe('the stores that are here');
  }, 60_000);
});

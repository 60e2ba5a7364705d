import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { createApp } from '../../apps/api/src/main';

export const JWT_SECRET = 'e2e-test-secret-0123456789abcdef';

export type Role =
  'SECRETARIAT' | 'STANDING_COMMITTEE' | 'MEMBER' | 'UNIT_REPORTER' | 'AUDITOR' | 'INTEGRATION';

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; field?: string; [k: string]: unknown };
}

export interface GqlResult<T = any> {
  status: number;
  data: T | null | undefined;
  errors: GqlError[] | undefined;
}

export interface TestServer {
  app: NestFastifyApplication;
  url: string;
  dataDir: string;
  gql<T = any>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  /** serverInfo.headPosition as a bigint: the count-of-events probe of the error tests. */
  head(): Promise<bigint>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'resolution-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts the real server on a random port over real HTTP; DATA_DIR defaults to a fresh temp dir. */
/** A server whose clock starts at `start` (TEST_CLOCK), so setTestClock can move it. */
export async function startServerAt(
  start: string,
  opts: string | { dataDir?: string; eventStore?: string; readModelUrl?: string } = {},
): Promise<TestServer> {
  process.env.TEST_CLOCK = start;
  try {
    return await startServer(typeof opts === 'string' ? { dataDir: opts } : opts);
  } finally {
    delete process.env.TEST_CLOCK;
  }
}

export async function startServer(
  opts: { dataDir?: string; eventStore?: string; readModelUrl?: string } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  process.env.DATA_DIR = dataDir;
  process.env.AUTH_JWT_SECRET = JWT_SECRET;
  process.env.LOG_LEVEL = 'silent';
  if (opts.eventStore) process.env.EVENTSTORE_CONNECTION_STRING = opts.eventStore;
  else delete process.env.EVENTSTORE_CONNECTION_STRING;
  if (opts.readModelUrl) process.env.READ_MODEL_URL = opts.readModelUrl;
  else delete process.env.READ_MODEL_URL;
  delete process.env.AUTH_JWKS_URL;
  const app = await createApp();
  // Nest prints every refused command (a domain error) with its stack; E2E_VERBOSE=1 keeps that.
  if (!process.env.E2E_VERBOSE) app.useLogger(false);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  let headToken: string | null = null;
  const server: TestServer = {
    app,
    url,
    dataDir,
    gql: (tok, query, variables, headers) => gql(url, tok, query, variables, headers),
    async head() {
      headToken ??= await token('AUDITOR', { sub: 'head-probe' });
      const r = await gql(url, headToken, '{ serverInfo { headPosition projectedPosition } }');
      if (r.errors) throw new Error(`serverInfo failed: ${JSON.stringify(r.errors)}`);
      return BigInt(r.data.serverInfo.headPosition);
    },
    close: () => app.close(),
  };
  return server;
}

export async function gql<T = any>(
  url: string,
  tok: string | null,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(tok === null ? {} : { authorization: `Bearer ${tok}` }),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T | null; errors?: GqlError[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON answer ${res.status}: ${text}`);
  }
  return { status: res.status, data: body.data, errors: body.errors };
}

/** An HS256 token signed with the test secret (claims sub, role, unitId). */
export async function token(
  role: string,
  opts: {
    sub?: string;
    unitId?: string;
    secret?: string;
    expiresAt?: number;
    extraClaims?: Record<string, unknown>;
  } = {},
): Promise<string> {
  const claims: Record<string, unknown> = { role, ...opts.extraClaims };
  if (opts.unitId !== undefined) claims.unitId = opts.unitId;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(opts.sub ?? `${role.toLowerCase()}-1`)
    .setIssuedAt();
  jwt.setExpirationTime(opts.expiresAt ?? Math.floor(Date.now() / 1000) + 3600);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? JWT_SECRET));
}

export interface Actors {
  secretariat: string;
  standing: string;
  standing2: string;
  unitA: string;
  unitB: string;
  member: string;
  member2: string;
  auditor: string;
  integration: string;
}

export const UNIT_A = 'unit-a';
export const UNIT_B = 'unit-b';
export const MEMBER_ID = 'member-1';

export async function actors(): Promise<Actors> {
  return {
    secretariat: await token('SECRETARIAT', { sub: 'sec-1' }),
    standing: await token('STANDING_COMMITTEE', { sub: 'sc-1' }),
    standing2: await token('STANDING_COMMITTEE', { sub: 'sc-2' }),
    unitA: await token('UNIT_REPORTER', { sub: 'reporter-a', unitId: UNIT_A }),
    unitB: await token('UNIT_REPORTER', { sub: 'reporter-b', unitId: UNIT_B }),
    member: await token('MEMBER', { sub: MEMBER_ID }),
    member2: await token('MEMBER', { sub: 'member-2' }),
    auditor: await token('AUDITOR', { sub: 'auditor-1' }),
    integration: await token('INTEGRATION', { sub: 'integration-1' }),
  };
}

/** The data of a result that must have succeeded; fails with the errors otherwise. */
export function ok<T = any>(r: GqlResult<T>): T {
  if (r.errors && r.errors.length > 0)
    throw new Error(`unexpected GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
  if (!r.data) throw new Error('no data in the answer');
  return r.data;
}

/** The single error of a failed result (its code and message). */
export function failure(r: GqlResult): {
  code: string | undefined;
  message: string;
  field?: string;
} {
  if (!r.errors || r.errors.length === 0)
    throw new Error(`expected an error, got data ${JSON.stringify(r.data)}`);
  const e = r.errors[0];
  return { code: e.extensions?.code, message: e.message, field: e.extensions?.field };
}

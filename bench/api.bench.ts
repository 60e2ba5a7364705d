/**
 * bench:api — reportProgress mutations/s and p50/p99 latency at 1 and 32 concurrent clients,
 * durable and read-your-writes, beside a bare NestJS + Apollo server (same Fastify platform)
 * answering a trivial mutation in the same run. Servers run in their own processes; the load
 * generator (autocannon) in this one.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';

const SECRET = 'bench-secret';
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const TASKS = 32;

function start(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, script), [], {
      execArgv: ['-r', '@swc-node/register'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function token(sub: string, role: string, unitId?: string) {
  return new SignJWT({ role, ...(unitId ? { unitId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(SECRET));
}

async function gql(port: number, auth: string, query: string, variables?: object) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
}

/**
 * Each connection sends one fixed body (built once, so the load generator stays cheap and is not
 * what is measured); `bodyFor(i)` gives connection i its own, e.g. its own task.
 */
async function load(
  port: number,
  connections: number,
  headers: Record<string, string>,
  bodyFor: (connection: number) => string,
): Promise<Run> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    connections,
    duration: DURATION,
    headers: { 'content-type': 'application/json', ...headers },
    body: bodyFor(0),
    setupClient: (client) => client.setBody(bodyFor(next++ % connections)),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function setUpResolution(port: number) {
  const sec = await token('bench-secretariat', 'SECRETARIAT');
  const sc = await token('bench-standing', 'STANDING_COMMITTEE');
  const { draftResolution } = await gql(
    port,
    sec,
    `mutation { draftResolution(input: {title: "Benchmark", kind: CONGRESS, termStart: 2020, termEnd: 2026}) { id } }`,
  );
  const id = draftResolution.id as string;
  const { defineTarget } = await gql(
    port,
    sec,
    `mutation($i: DefineTargetInput!) { defineTarget(input: $i) { id } }`,
    {
      i: {
        resolutionId: id,
        code: 'B1',
        group: 'Kinh tế',
        name: 'Thu ngân sách',
        unit: 'tỷ đồng',
        kind: 'LEVEL',
        comparison: 'AT_LEAST',
        baseline: '120',
        baselineYear: 2020,
        targetValue: '200',
        dueYear: 2026,
      },
    },
  );
  await gql(port, sec, `mutation { submitForReview(resolutionId: "${id}") { id } }`);
  await gql(
    port,
    sc,
    `mutation { issueResolution(input: {resolutionId: "${id}", code: "B-NQ/TU", issuedOn: "2020-10-01", signedBy: "Bench"}) { id } }`,
  );
  const reporter = await token('bench-reporter', 'UNIT_REPORTER', 'unit-bench');
  const taskIds: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    const { assignTask } = await gql(
      port,
      sc,
      `mutation { assignTask(input: {resolutionId: "${id}", title: "Task ${i}", assigneeUnitId: "unit-bench", targetIds: ["${defineTarget.id}"], dueOn: "2026-12-31"}) { id } }`,
    );
    await gql(port, reporter, `mutation { acceptTask(taskId: "${assignTask.id}") { id } }`);
    taskIds.push(assignTask.id);
  }
  return { targetId: defineTarget.id as string, taskIds, reporter, resolutionId: id };
}

function fmt(run: Run) {
  return `${run.rps.toFixed(0).padStart(7)} req/s  p50 ${String(run.p50).padStart(3)} ms  p99 ${String(run.p99).padStart(3)} ms  (${run.total} requests, ${run.errors} errors)`;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const bare = await start('bare-server.ts', { NODE_ENV: 'production' });
  const api = await start('api-server.ts', {
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    // Production turns the per-actor rate limit on; the load generator is one actor.
    RATE_LIMIT_PER_MINUTE: '0',
  });
  try {
    const { targetId, taskIds, reporter } = await setUpResolution(api.port);
    const pingBody = () =>
      JSON.stringify({ query: `mutation { ping(input: {value: "x"}) { id value } }` });
    // No commandId: the server gives every request its own, so a fixed body is a new report each time.
    const reportBody = (connection: number) =>
      JSON.stringify({
        query: `mutation($i: ReportProgressInput!) { reportProgress(input: $i) { id year measurements { value } } }`,
        variables: {
          i: {
            taskId: taskIds[connection % taskIds.length],
            year: 2025,
            percentComplete: 50,
            narrative: 'Báo cáo tiến độ',
            measurements: [{ targetId, year: 2025, value: `${150 + connection}.5` }],
          },
        },
      });
    const auth = { authorization: `Bearer ${reporter}` };
    console.log(`bench:api — ${DURATION}s per run, ${TASKS} tasks, Fastify platform for both\n`);
    for (const connections of [1, 32]) {
      const base = await load(bare.port, connections, {}, pingBody);
      const real = await load(api.port, connections, auth, reportBody);
      console.log(`${connections} client(s)`);
      console.log(`  bare NestJS+Apollo ping     ${fmt(base)}`);
      console.log(`  reportProgress (durable)    ${fmt(real)}`);
      console.log(`  ratio reportProgress / bare ${(real.rps / base.rps).toFixed(2)}×\n`);
    }
    // The cost limits must cost little: a query refused by its estimated cost (the issue's
    // parent/children nesting) beside a trivial query, on the same server.
    const auditor = { authorization: `Bearer ${await token('bench-auditor', 'AUDITOR')}` };
    let nesting = 'id';
    for (let i = 0; i < 5; i++) nesting = `children { parent { ${nesting} } }`;
    const trivialBody = () => JSON.stringify({ query: `{ serverInfo { headPosition } }` });
    const costlyBody = (connection: number) =>
      JSON.stringify({
        query: `query($id: ID!) { resolution(id: $id) { ${nesting} } }`,
        variables: { id: taskIds[connection % taskIds.length] },
      });
    const trivial = await load(api.port, 32, auditor, trivialBody);
    const refused = await load(api.port, 32, auditor, costlyBody);
    console.log('32 clients, queries');
    console.log(`  trivial query               ${fmt(trivial)}`);
    console.log(`  refused costly query (400)  ${fmt(refused)}`);
    console.log(`  ratio refused / trivial     ${(refused.rps / trivial.rps).toFixed(2)}×\n`);
    // Every acknowledged report must be readable: count them through the API.
    let stored = 0;
    for (const id of taskIds) {
      const { task } = await gql(api.port, reporter, `{ task(id: "${id}") { reports { id } } }`);
      stored += task.reports.length;
    }
    console.log(`reports readable after the runs: ${stored}`);
  } finally {
    bare.child.kill();
    api.child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();

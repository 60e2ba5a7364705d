/**
 * `npm run demo`'s story on the test clock: the seed moves the clock from before the 2020 congress
 * to the provincial visit of 2024, so reports fall on time, late or not at all, and the reminders
 * are in the audit trail within days of when they fell due. The published 18/30 still holds.
 */
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { DEMO_CLOCK_START } from '../../apps/api/src/demo/demo';
import { seedDemo, type SeedResult } from '../../apps/api/src/demo/seed-demo';
import { createApp } from '../../apps/api/src/main';
import { tempDir } from '../support/server';

const SECRET = 'demo-e2e-secret';
const ENV_KEYS = ['DATA_DIR', 'AUTH_JWT_SECRET', 'LOG_LEVEL', 'TEST_CLOCK'] as const;
const TIMERS = ['TaskDueSoon', 'TaskOverdue', 'ReportDueSoon', 'ReportMissed', 'MidtermReviewDue'];

describe('the demo on the test clock', () => {
  const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  let app: NestFastifyApplication;
  let apiUrl: string;
  let token: string;
  let result: SeedResult;

  async function query<T = any>(text: string): Promise<T> {
    const res = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: text }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  beforeAll(async () => {
    Object.assign(process.env, {
      DATA_DIR: tempDir(),
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      TEST_CLOCK: DEMO_CLOCK_START,
    });
    app = await createApp();
    await app.listen(0, '127.0.0.1');
    apiUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
    token = await new SignJWT({ role: 'AUDITOR' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo-auditor')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    result = await seedDemo(apiUrl, SECRET, { log: () => undefined, clock: true });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    for (const k of ENV_KEYS)
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
  });

  it('keeps the published mid-term result', () =>
    expect(result.summary.achievedOrExceeded).toBe(18));

  it('ends at the provincial visit, with every event stamped on the story clock', async () => {
    const trail = await query(
      `{ auditTrail(resolutionId: "${result.resolutionId}", first: 1000) { edges { node { type occurredAt } } } }`,
    );
    const issued = trail.auditTrail.edges.find((e: any) => e.node.type === 'ResolutionIssued');
    expect(issued.node.occurredAt.slice(0, 10)).toBe('2020-07-17');
    const visit = trail.auditTrail.edges.find(
      (e: any) => e.node.type === 'SupervisionVisitRecorded',
    );
    expect(visit.node.occurredAt.slice(0, 10)).toBe('2024-03-19');
  });

  it('obligations: most reports on time, one late, two missed', async () => {
    const count = async (status: string) =>
      (
        await query(
          `{ reportingObligations(status: ${status}, first: 1000) { edges { node { period } } } }`,
        )
      ).reportingObligations.edges.map((e: any) => e.node.period);
    expect(await count('LATE')).toEqual(['2021']);
    expect(await count('MISSED')).toEqual(['2023', '2023']);
    const submitted = await count('SUBMITTED');
    expect(submitted.length).toBeGreaterThan(30);
    // The visit is in March 2024: the 2024 reports are due, none submitted yet.
    expect((await count('DUE')).every((p: string) => p === '2024')).toBe(true);
  });

  it('the reminders are in the audit trail within a week of their instant', async () => {
    const trail = await query(
      `{ auditTrail(resolutionId: "${result.resolutionId}", first: 1000) { edges { node { type occurredAt actorRole data } } } }`,
    );
    const fired = trail.auditTrail.edges
      .map((e: any) => e.node)
      .filter((n: any) => TIMERS.includes(n.type));
    expect(fired.map((n: any) => [n.type, n.data.period ?? null, n.data.dueOn])).toEqual([
      ['ReportDueSoon', '2021', '2022-01-10'],
      ['ReportMissed', '2021', '2022-01-10'],
      ['MidtermReviewDue', null, '2023-01-01'],
      ['ReportDueSoon', '2023', '2024-01-10'],
      ['ReportDueSoon', '2023', '2024-01-10'],
      ['ReportMissed', '2023', '2024-01-10'],
      ['ReportMissed', '2023', '2024-01-10'],
    ]);
    expect(fired.every((n: any) => n.actorRole === 'SYSTEM')).toBe(true);
    const week = 7 * 24 * 3600 * 1000;
    const due = (n: any) =>
      Date.parse(`${n.data.dueOn}T00:00:00+07:00`) +
      (n.type === 'ReportMissed' ? 24 * 3600 * 1000 : n.type === 'ReportDueSoon' ? -week : 0);
    for (const n of fired) {
      expect(Date.parse(n.occurredAt)).toBeGreaterThanOrEqual(due(n));
      expect(Date.parse(n.occurredAt) - due(n)).toBeLessThanOrEqual(week);
    }
  });
});

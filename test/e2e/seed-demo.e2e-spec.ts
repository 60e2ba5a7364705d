import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SignJWT } from 'jose';
import { createApp } from '../../apps/api/src/main';
import { seedDemo, type SeedResult } from '../../apps/api/src/demo/seed-demo';

const SECRET = 'seed-demo-e2e-secret';
const ENV_KEYS = ['DATA_DIR', 'AUTH_JWT_SECRET', 'LOG_LEVEL'] as const;

describe('seed:demo against the real server', () => {
  const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  let dataDir: string;
  let app: NestFastifyApplication;
  let apiUrl: string;
  let auditorToken: string;
  let first: SeedResult;

  async function query<T>(text: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${auditorToken}` },
      body: JSON.stringify({ query: text, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  const headPosition = async () =>
    (await query<{ serverInfo: { headPosition: string } }>('{ serverInfo { headPosition } }'))
      .serverInfo.headPosition;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-demo-'));
    process.env.DATA_DIR = dataDir;
    process.env.AUTH_JWT_SECRET = SECRET;
    process.env.LOG_LEVEL = 'silent';
    app = await createApp();
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    apiUrl = `http://127.0.0.1:${port}/graphql`;
    auditorToken = await new SignJWT({ role: 'AUDITOR' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('e2e-auditor')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    first = await seedDemo(apiUrl, SECRET, { log: () => undefined });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    for (const k of ENV_KEYS) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reproduces the published mid-term result: 18 of 30 targets achieved or exceeded', () => {
    const s = first.summary;
    expect(s.total).toBe(30);
    expect(s.achievedOrExceeded).toBe(18);
    expect(s.exceeded + s.met).toBe(s.achievedOrExceeded);
    expect(s.exceeded + s.met + s.onSchedule + s.behind + s.noData).toBe(s.total);
  });

  it('reads the same summary back, with the override kept beside the computed assessment', async () => {
    const { review } = await query<{
      review: {
        resolutionId: string;
        kind: string;
        status: string;
        coversThroughYear: number;
        heldOn: string;
        summary: SeedResult['summary'];
        items: { computed: string; override: string | null; justification: string | null }[];
      };
    }>(
      `query ($id: ID!) { review(id: $id) {
        resolutionId kind status coversThroughYear heldOn
        summary { total exceeded met onSchedule behind noData achievedOrExceeded }
        items { computed override justification }
      } }`,
      { id: first.reviewId },
    );
    expect(review).toMatchObject({
      resolutionId: first.resolutionId,
      kind: 'MIDTERM',
      status: 'CONCLUDED',
      coversThroughYear: 2022,
    });
    expect(review.heldOn.startsWith('2023-')).toBe(true);
    expect(review.summary).toEqual(first.summary);
    expect(review.items).toHaveLength(30);
    const overridden = review.items.filter((i) => i.override !== null);
    expect(overridden.length).toBeGreaterThan(0);
    for (const item of overridden) expect(item.justification).toBeTruthy();
  });

  it('gives every target its source: the seed article, or minh họa for illustrative figures', async () => {
    const { resolution } = await query<{
      resolution: { targets: { code: string; source: string | null }[] };
    }>(`query ($id: ID!) { resolution(id: $id) { targets { code source } } }`, {
      id: first.resolutionId,
    });
    expect(resolution.targets).toHaveLength(30);
    for (const t of resolution.targets) expect(t.source).toBeTruthy();
    const byCode = new Map(resolution.targets.map((t) => [t.code, t.source]));
    expect(byCode.get('KT-03')).toMatch(/^\[000\] "Thành phố Bắc Kạn: Tích cực/);
    expect(byCode.get('KT-02')).toMatch(/giá trị cơ sở: minh họa$/);
    expect(byCode.get('KT-04')).toBe('minh họa');
  });

  it('shows the units, the 450 new members split across them, the visit directives turned into tasks', async () => {
    const { orgUnits } = await query<{
      orgUnits: { id: string; kind: string; children: { id: string; kind: string }[] }[];
    }>('{ orgUnits { id kind children { id kind } } }');
    const city = orgUnits.find((u) => u.id === 'dang-bo-thanh-pho')!;
    expect(city.kind).toBe('PARTY_COMMITTEE');
    expect(city.children.filter((c) => c.kind === 'WARD')).toHaveLength(3);
    expect(city.children.filter((c) => c.kind === 'COMMUNE')).toHaveLength(2);
    const { resolution } = await query<any>(
      `query ($id: ID!) { resolution(id: $id) {
        targets { code currentValue allocations { unitId unit { name } value currentValue assessment } }
        reviewOpinions { handling }
        supervisionVisits { directives directiveTasks { title assigneeUnit { name } fromVisitDirective { index } } }
        tasks { reports { status returnReason correctsReportId } }
      } }`,
      { id: first.resolutionId },
    );
    const members = resolution.targets.find((t: any) => t.code === 'XD-01');
    expect(members.allocations).toHaveLength(5);
    const share = members.allocations.reduce((s: number, a: any) => s + Number(a.value), 0);
    expect(share).toBe(450);
    for (const a of members.allocations) {
      expect(a.unit.name).toBeTruthy();
      expect(a.currentValue).not.toBeNull();
    }
    expect(members.allocations.map((a: any) => a.assessment)).toContain('BEHIND');
    for (const o of resolution.reviewOpinions) expect(o.handling).not.toBeNull();
    const [visit] = resolution.supervisionVisits;
    expect(visit.directives).toHaveLength(17);
    expect(visit.directiveTasks.length).toBeGreaterThanOrEqual(4);
    for (const t of visit.directiveTasks) expect(t.assigneeUnit.name).toBeTruthy();
    const reports = resolution.tasks.flatMap((t: any) => t.reports);
    const returned = reports.filter((r: any) => r.status === 'RETURNED');
    expect(returned).toHaveLength(1);
    expect(returned[0].returnReason).toMatch(/880/);
    const approved = reports.filter((r: any) => r.status === 'APPROVED').length;
    expect(approved).toBeGreaterThan(reports.length / 2);
    const { reports: corrections } = await query<any>(
      `query ($id: ID!) { reports(resolutionId: $id, status: SUBMITTED) { edges { node { id } } } }`,
      { id: first.resolutionId },
    );
    expect(corrections.edges.length).toBeGreaterThan(0);
  });

  it('gives the congress resolution its 4 action programmes and 4 thematic resolutions', async () => {
    const { resolution } = await query<{
      resolution: {
        kind: string;
        termStart: number;
        termEnd: number;
        targets: { code: string }[];
        children: { kind: string; code: string; parent: { id: string } }[];
      };
    }>(
      `query ($id: ID!) { resolution(id: $id) {
        kind termStart termEnd targets { code } children { kind code parent { id } }
      } }`,
      { id: first.resolutionId },
    );
    expect(resolution).toMatchObject({ kind: 'CONGRESS', termStart: 2020, termEnd: 2025 });
    expect(resolution.targets).toHaveLength(30);
    const kinds = resolution.children.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'ACTION_PROGRAMME')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'THEMATIC')).toHaveLength(4);
    expect(
      resolution.children
        .filter((c) => c.kind === 'THEMATIC')
        .map((c) => c.code)
        .sort(),
    ).toEqual(['04-NQ/TU', '06-NQ/TU', '07-NQ/TU', '08-NQ/TU']);
    for (const child of resolution.children) expect(child.parent.id).toBe(first.resolutionId);
  });

  it('records real events with actor, role and the deterministic commandId', async () => {
    const { auditTrail } = await query<{
      auditTrail: {
        edges: { node: { type: string; actorRole: string; commandId: string | null } }[];
      };
    }>(
      `query ($id: ID!) { auditTrail(resolutionId: $id, first: 1000) {
        edges { node { type actorRole commandId } }
      } }`,
      { id: first.resolutionId },
    );
    const nodes = auditTrail.edges.map((e) => e.node);
    expect(nodes[0]).toEqual({
      type: 'ResolutionDrafted',
      actorRole: 'SECRETARIAT',
      commandId: 'demo-bac-kan-congress-draft',
    });
    // People's commands carry the demo's fixed commandIds; the engine's follow-ups are derived.
    for (const n of nodes)
      expect(n.commandId).toMatch(/^(demo-bac-kan-|implementation-start:|review-opening:)/);
    const types = new Set(nodes.map((n) => n.type));
    for (const type of ['ResolutionIssued', 'ProgressReported', 'ReviewConcluded'])
      expect(types).toContain(type);
  });

  it('writes nothing when run a second time, and returns the same ids and summary', async () => {
    const before = await headPosition();
    const second = await seedDemo(apiUrl, SECRET, { log: () => undefined });
    expect(await headPosition()).toBe(before);
    expect(second.resolutionId).toBe(first.resolutionId);
    expect(second.reviewId).toBe(first.reviewId);
    expect(second.summary).toEqual(first.summary);
  }, 120_000);

  it('verifies the review against the events it was based on', async () => {
    const { verifyReview } = await query<{
      verifyReview: { matches: boolean; differences: unknown[] };
    }>('query ($id: ID!) { verifyReview(id: $id) { matches differences { targetId reason } } }', {
      id: first.reviewId,
    });
    expect(verifyReview).toEqual({ matches: true, differences: [] });
  });
});

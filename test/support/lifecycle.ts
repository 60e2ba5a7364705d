import { randomUUID } from 'node:crypto';
import { ok, UNIT_A, type Actors, type TestServer } from './server';

export const TARGET_FIELDS = `id code group name unit kind comparison baseline baselineYear targetValue dueYear currentValue assessment`;
export const REPORT_FIELDS = `id taskId year percentComplete narrative difficulties proposals measurements { targetId year value } reportedAt reportedBy correctsReportId`;
export const TASK_FIELDS = `id resolutionId title assigneeUnitId assigneeMemberId targetIds dueOn status overdue version reports { ${REPORT_FIELDS} }`;
export const REVIEW_FIELDS = `id resolutionId kind status heldOn coversThroughYear asOfPosition
  items { targetId value computed override justification evidenceEventIds }
  summary { total exceeded met onSchedule behind noData achievedOrExceeded }
  conclusions directives`;
export const RESOLUTION_FIELDS = `id code title kind status termStart termEnd issuedOn version
  parent { id }
  targets { ${TARGET_FIELDS} }
  tasks { id status version }
  reviews { id kind status }`;

export const Q = {
  draft: `mutation($input: DraftResolutionInput!) { draftResolution(input: $input) { ${RESOLUTION_FIELDS} } }`,
  defineTarget: `mutation($input: DefineTargetInput!) { defineTarget(input: $input) { ${TARGET_FIELDS} } }`,
  submit: `mutation($id: ID!, $v: Int, $c: ID) { submitForReview(resolutionId: $id, expectedVersion: $v, commandId: $c) { ${RESOLUTION_FIELDS} } }`,
  returnToDraft: `mutation($id: ID!, $reason: String!, $v: Int, $c: ID) { returnToDraft(resolutionId: $id, reason: $reason, expectedVersion: $v, commandId: $c) { ${RESOLUTION_FIELDS} } }`,
  issue: `mutation($input: IssueResolutionInput!) { issueResolution(input: $input) { ${RESOLUTION_FIELDS} } }`,
  assignTask: `mutation($input: AssignTaskInput!) { assignTask(input: $input) { ${TASK_FIELDS} } }`,
  acceptTask: `mutation($id: ID!, $v: Int, $c: ID) { acceptTask(taskId: $id, expectedVersion: $v, commandId: $c) { ${TASK_FIELDS} } }`,
  completeTask: `mutation($id: ID!, $v: Int, $c: ID) { completeTask(taskId: $id, expectedVersion: $v, commandId: $c) { ${TASK_FIELDS} } }`,
  report: `mutation($input: ReportProgressInput!) { reportProgress(input: $input) { ${REPORT_FIELDS} } }`,
  holdMidterm: `mutation($input: HoldReviewInput!) { holdMidtermReview(input: $input) { ${REVIEW_FIELDS} } }`,
  holdFinal: `mutation($input: HoldReviewInput!) { holdFinalEvaluation(input: $input) { ${REVIEW_FIELDS} } }`,
  assess: `mutation($input: AssessTargetInput!) { assessTarget(input: $input) { ${REVIEW_FIELDS} } }`,
  conclude: `mutation($input: ConcludeReviewInput!) { concludeReview(input: $input) { ${REVIEW_FIELDS} } }`,
  resolution: `query($id: ID!, $asOf: DateTime) { resolution(id: $id, asOf: $asOf) { ${RESOLUTION_FIELDS} } }`,
  task: `query($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`,
  review: `query($id: ID!) { review(id: $id) { ${REVIEW_FIELDS} } }`,
};

export interface TargetSpecInput {
  code: string;
  group?: string;
  name?: string;
  unit?: string;
  kind: 'LEVEL' | 'CUMULATIVE' | 'AVERAGE_RATE' | 'EVERY_YEAR';
  comparison?: 'AT_LEAST' | 'AT_MOST';
  baseline?: string | null;
  baselineYear?: number;
  targetValue: string;
  dueYear?: number;
}

export const cid = () => randomUUID();

export async function draftResolution(
  s: TestServer,
  a: Actors,
  input: Record<string, unknown> = {},
): Promise<any> {
  const data = ok(
    await s.gql(a.secretariat, Q.draft, {
      input: {
        title: 'Nghị quyết Đại hội Đảng bộ thành phố',
        kind: 'CONGRESS',
        termStart: 2020,
        termEnd: 2025,
        ...input,
      },
    }),
  );
  return data.draftResolution;
}

export async function defineTarget(
  s: TestServer,
  a: Actors,
  resolutionId: string,
  t: TargetSpecInput,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const data = ok(
    await s.gql(a.secretariat, Q.defineTarget, {
      input: {
        resolutionId,
        group: 'economy',
        name: `target ${t.code}`,
        unit: '%',
        comparison: 'AT_LEAST',
        baseline: null,
        baselineYear: 2020,
        dueYear: 2025,
        ...t,
        ...extra,
      },
    }),
  );
  return data.defineTarget;
}

export async function submit(s: TestServer, a: Actors, id: string): Promise<any> {
  return ok(await s.gql(a.secretariat, Q.submit, { id })).submitForReview;
}

export async function issue(
  s: TestServer,
  a: Actors,
  id: string,
  input: Record<string, unknown> = {},
): Promise<any> {
  return ok(
    await s.gql(a.standing, Q.issue, {
      input: {
        resolutionId: id,
        code: '08-NQ/TU',
        issuedOn: '2021-01-15',
        signedBy: 'Bí thư',
        ...input,
      },
    }),
  ).issueResolution;
}

/** draft → targets → submit → issue. */
export async function issuedResolution(
  s: TestServer,
  a: Actors,
  targets: TargetSpecInput[] = [{ code: 'T1', kind: 'LEVEL', baseline: '100', targetValue: '200' }],
  draftInput: Record<string, unknown> = {},
): Promise<{ resolution: any; targets: any[] }> {
  const r = await draftResolution(s, a, draftInput);
  const defined = [];
  for (const t of targets) defined.push(await defineTarget(s, a, r.id, t));
  await submit(s, a, r.id);
  const resolution = await issue(s, a, r.id);
  return { resolution, targets: defined };
}

export async function assignTask(
  s: TestServer,
  a: Actors,
  input: Record<string, unknown>,
  tok: string = a.secretariat,
): Promise<any> {
  return ok(
    await s.gql(tok, Q.assignTask, {
      input: { title: 'Thực hiện chỉ tiêu', dueOn: '2027-06-30', assigneeUnitId: UNIT_A, ...input },
    }),
  ).assignTask;
}

export async function acceptTask(s: TestServer, tok: string, taskId: string): Promise<any> {
  return ok(await s.gql(tok, Q.acceptTask, { id: taskId })).acceptTask;
}

export async function report(
  s: TestServer,
  tok: string,
  input: Record<string, unknown>,
): Promise<any> {
  return ok(await s.gql(tok, Q.report, { input })).reportProgress;
}

/**
 * An issued resolution with one LEVEL target and a task for UNIT_A linked to it, accepted: ready
 * for reports. draft → targets → submit → issue → assignTask → accept.
 */
export async function implementingResolution(
  s: TestServer,
  a: Actors,
  targets?: TargetSpecInput[],
): Promise<{ resolution: any; targets: any[]; task: any }> {
  const { resolution, targets: defined } = await issuedResolution(s, a, targets);
  const assigned = await assignTask(s, a, {
    resolutionId: resolution.id,
    targetIds: defined.map((t) => t.id),
  });
  const task = await acceptTask(s, a.unitA, assigned.id);
  return { resolution, targets: defined, task };
}

/** …and one report for 2021 with a value for the first target. */
export async function reportingResolution(
  s: TestServer,
  a: Actors,
): Promise<{ resolution: any; targets: any[]; task: any; report: any }> {
  const r = await implementingResolution(s, a);
  const rep = await report(s, a.unitA, {
    taskId: r.task.id,
    year: 2021,
    percentComplete: 20,
    measurements: [{ targetId: r.targets[0].id, year: 2021, value: '120' }],
  });
  return { ...r, report: rep };
}

export const AUDIT_FIELDS = `id streamId revision position type data actorId actorRole commandId correlationId causationId occurredAt hash`;

/** The whole audit trail of a resolution, read page by page with first/after. */
export async function auditTrail(
  s: TestServer,
  tok: string,
  resolutionId: string,
  pageSize = 1000,
): Promise<{ events: any[]; pages: number }> {
  const events: any[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const data: any = ok(
      await s.gql(
        tok,
        `query($id: ID!, $first: Int, $after: String) { auditTrail(resolutionId: $id, first: $first, after: $after) {
          edges { cursor node { ${AUDIT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
        { id: resolutionId, first: pageSize, after },
      ),
    );
    pages++;
    const conn = data.auditTrail;
    events.push(...conn.edges.map((e: any) => e.node));
    if (!conn.pageInfo.hasNextPage) return { events, pages };
    after = conn.pageInfo.endCursor;
    if (pages > 10_000) throw new Error('audit trail does not end');
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

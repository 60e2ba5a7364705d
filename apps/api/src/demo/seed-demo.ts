/**
 * `npm run seed:demo`: loads the Bắc Kạn City Party Congress resolution (bac-kan-demo.data.ts)
 * into a running server, only through the public GraphQL API over HTTP, so every step is a real
 * command with its actor, role, commandId and correlation id in the audit trail.
 *
 *   API_URL          default http://127.0.0.1:${PORT:-3000}/graphql
 *   AUTH_JWT_SECRET  default the development secret the server uses when none is set
 *
 * Every command has a fixed commandId ("demo-bac-kan-…"), so running the seed again against the
 * same server replays each command: it gets the first result back and nothing new is written.
 */
import { SignJWT } from 'jose';
import {
  summarize,
  type Assessment,
  type ReviewSummary,
} from '../../../../libs/assessment/assessment';
import { addDays } from '../../../../libs/workflows/shared/calendar';
import { DEV_JWT_SECRET } from '../config';
import {
  ACTORS,
  actionProgrammes,
  congressResolution,
  midtermReview,
  reporterOf,
  reviewOpinions,
  supervisionVisit,
  targets,
  targetSource,
  tasks,
  thematicResolutions,
  UNITS,
  CITY_PARTY_COMMITTEE,
  membersAllocation,
  returnedReport,
  unitKindOf,
  visitDirectiveTasks,
  type DemoActor,
  type DemoReport,
  type DemoResolution,
  type DemoTarget,
  type DemoTask,
} from './bac-kan-demo.data';

export type { ReviewSummary };

export interface SeedResult {
  resolutionId: string;
  reviewId: string;
  summary: ReviewSummary;
  /** The review's items by target code, in definition order. */
  items: Array<{
    code: string;
    name: string;
    value: string | null;
    targetValue: string;
    computed: string;
    override: string | null;
  }>;
}

export interface SeedOptions {
  /** Where progress lines go; console.log by default. */
  log?: (line: string) => void;
  /**
   * Move the server's test clock (TEST_CLOCK) through the story's dates, so reports fall on time,
   * late or not at all, and reminders fire where they fell due (`npm run demo`).
   */
  clock?: boolean;
}

/** The city's tasks report yearly (báo cáo năm), each due REPORT_GRACE_DAYS into the next year. */
const REPORTING_FREQUENCY = 'ANNUAL';
/** When the tasks were given: after the last thematic resolution was issued (illustrative). */
const TASKS_ASSIGNED_ON = '2021-07-05';
/** Reports are filed before the year ends (illustrative), the 2023 ones after the mid-term review. */
const reportDay = (year: number) => `${year}-12-20`;
/** Illustrative: one unit files its 2021 report a year late, after its 2022 one (LATE). */
const FILED_LATE = new Map([['ocop-nong-thuong', 2021]]);
/** Illustrative: two units send no 2023 report (MISSED, with ReportMissed on 2024-01-11). */
const NO_REPORT_2023 = new Set(['van-hoa', 'quan-su']);

/** A failed step, with what the server said (code, field, message). */
export class SeedError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(`step "${step}" failed: ${message}`);
    this.name = 'SeedError';
  }
}

const PREFIX = 'demo-bac-kan';
const commandId = (...parts: Array<string | number>) => [PREFIX, ...parts].join('-');

// ─── GraphQL over HTTP ──────────────────────────────────────────────────────────────────────────

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; field?: string };
}

class Api {
  private readonly key: Uint8Array;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly url: string,
    secret: string,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** An HS256 token with the claims the server reads: sub, role and (for reporters) unitId. */
  token(actor: DemoActor, expiresIn = '1h'): Promise<string> {
    const cacheKey = `${actor.sub}|${actor.role}|${actor.unitId ?? ''}|${expiresIn}`;
    let token = this.tokens.get(cacheKey);
    if (!token) {
      token = new SignJWT({ role: actor.role, ...(actor.unitId ? { unitId: actor.unitId } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(actor.sub)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(this.key);
      this.tokens.set(cacheKey, token);
    }
    return token;
  }

  async request<T>(
    step: string,
    actor: DemoActor,
    query: string,
    variables: Record<string, unknown>,
    correlationId: string,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await this.token(actor)}`,
          'x-correlation-id': correlationId,
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new SeedError(
        step,
        `cannot reach the API at ${this.url} (${cause?.code ?? cause?.message ?? String(err)}); ` +
          'is the server running? Start it with `npm start`, or set API_URL.',
      );
    }
    const text = await response.text();
    let body: { data?: T; errors?: GraphQLErrorBody[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new SeedError(step, `HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`);
    }
    if (body.errors?.length) {
      const detail = body.errors
        .map((e) => {
          const code = e.extensions?.code ?? 'ERROR';
          const field = e.extensions?.field ? ` (${e.extensions.field})` : '';
          return `${code}${field}: ${e.message}`;
        })
        .join('; ');
      const reused = body.errors.some((e) => e.extensions?.field === 'commandId');
      throw new SeedError(
        step,
        reused
          ? `${detail}. The demo data changed since this server was seeded: ` +
              'seed a server with a fresh DATA_DIR.'
          : detail,
      );
    }
    if (!body.data) throw new SeedError(step, `HTTP ${response.status} without data`);
    return body.data;
  }
}

// ─── Operations ─────────────────────────────────────────────────────────────────────────────────

const SUMMARY = 'summary { total exceeded met onSchedule behind noData achievedOrExceeded }';

const OPS = {
  serverInfo: `query { serverInfo { headPosition } }`,
  setClock: `mutation Clock($now: DateTime!) { setTestClock(now: $now) }`,
  draft: `mutation Draft($input: DraftResolutionInput!) {
    draftResolution(input: $input) { id status }
  }`,
  defineTarget: `mutation DefineTarget($input: DefineTargetInput!) {
    defineTarget(input: $input) { id code }
  }`,
  submit: `mutation Submit($resolutionId: ID!, $commandId: ID) {
    submitForReview(resolutionId: $resolutionId, commandId: $commandId) { id status }
  }`,
  opinion: `mutation Opinion($input: RecordReviewOpinionInput!) {
    recordReviewOpinion(input: $input) { id reviewOpinions { id handling } }
  }`,
  issue: `mutation Issue($input: IssueResolutionInput!) {
    issueResolution(input: $input) { id status code issuedOn }
  }`,
  assign: `mutation Assign($input: AssignTaskInput!) {
    assignTask(input: $input) { id status }
  }`,
  accept: `mutation Accept($taskId: ID!, $commandId: ID) {
    acceptTask(taskId: $taskId, commandId: $commandId) { id status }
  }`,
  report: `mutation Report($input: ReportProgressInput!) {
    reportProgress(input: $input) { id year }
  }`,
  complete: `mutation Complete($taskId: ID!, $commandId: ID) {
    completeTask(taskId: $taskId, commandId: $commandId) { id status }
  }`,
  holdMidterm: `mutation HoldMidterm($input: HoldReviewInput!) {
    holdMidtermReview(input: $input) { id status asOfPosition items { computed } }
  }`,
  assess: `mutation Assess($input: AssessTargetInput!) {
    assessTarget(input: $input) { id ${SUMMARY} }
  }`,
  conclude: `mutation Conclude($input: ConcludeReviewInput!) {
    concludeReview(input: $input) { id status ${SUMMARY} }
  }`,
  visit: `mutation Visit($input: RecordSupervisionVisitInput!) {
    recordSupervisionVisit(input: $input) { id supervisionVisits { id } }
  }`,
  defineUnit: `mutation Unit($input: DefineOrgUnitInput!) { defineOrgUnit(input: $input) { id } }`,
  handleOpinion: `mutation Handle($input: RecordOpinionHandlingInput!) {
    recordOpinionHandling(input: $input) { id handling }
  }`,
  allocate: `mutation Allocate($input: AllocateTargetInput!) {
    allocateTarget(input: $input) { id allocations { unitId value } }
  }`,
  approve: `mutation Approve($reportId: ID!, $commandId: ID) {
    approveReport(reportId: $reportId, commandId: $commandId) { id status }
  }`,
  returnReport: `mutation Return($reportId: ID!, $reason: String!, $commandId: ID) {
    returnReport(reportId: $reportId, reason: $reason, commandId: $commandId) { id status }
  }`,
  review: `query Review($id: ID!) {
    review(id: $id) {
      id status heldOn coversThroughYear asOfPosition ${SUMMARY}
      items { targetId value computed override }
    }
    verifyReview(id: $id) { matches }
  }`,
};

interface Resolved {
  id: string;
  status: string;
}

interface ReviewNode {
  id: string;
  status: string;
  heldOn: string;
  coversThroughYear: number;
  asOfPosition: string;
  summary: ReviewSummary;
  items: { targetId: string; value: string | null; computed: string; override: string | null }[];
}

// ─── The seed ───────────────────────────────────────────────────────────────────────────────────

export async function seedDemo(
  apiUrl: string,
  secret: string,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const api = new Api(apiUrl, secret);
  const { secretariat, standing, provincialStanding } = ACTORS;

  const headBefore = await headPosition(api);
  log(`Seeding the Bắc Kạn demo into ${apiUrl} (head position ${headBefore})`);
  /**
   * 09:00 in Hà Nội of a story date, reached a week at a time so each reminder fires within days of
   * its instant; the clock only moves forward, so an earlier date keeps it where it is.
   */
  let clockOn = '';
  const on = async (date: string) => {
    if (!options.clock || date <= clockOn) return;
    let next = clockOn ? addDays(clockOn, 7) : date;
    for (; ; next = addDays(next, 7)) {
      clockOn = next < date ? next : date;
      await api.request(
        `clock ${clockOn}`,
        standing,
        OPS.setClock,
        { now: `${clockOn}T09:00:00+07:00` },
        `${PREFIX}/clock`,
      );
      if (clockOn === date) return;
    }
  };

  // 0. The city's units: the Party organisation of the city, and under it the agencies, wards and
  // communes named in the articles, each on its own stream.
  let corr = `${PREFIX}/units`;
  await defineUnit(CITY_PARTY_COMMITTEE.id, CITY_PARTY_COMMITTEE.name, 'PARTY_COMMITTEE', null);
  for (const [id, name] of Object.entries(UNITS))
    await defineUnit(id, name, unitKindOf(id), CITY_PARTY_COMMITTEE.id);
  log(`• registered ${Object.keys(UNITS).length + 1} units under ${CITY_PARTY_COMMITTEE.name}`);

  // 1. Drafting: the congress resolution and its targets, by the secretariat.
  corr = `${PREFIX}/drafting`;
  const resolutionId = await draft(congressResolution, null);
  log(`• drafted  ${congressResolution.title}`);
  const targetIds = new Map<string, string>();
  for (const t of targets) {
    targetIds.set(t.code, await defineTarget(t, t.draftName ?? t.name, `target-${t.code}`));
  }
  log(
    `• defined  ${targets.length} targets in ${new Set(targets.map((t) => t.group)).size} groups`,
  );
  await submit(congressResolution.key, resolutionId);
  log('• submitted for review');

  // 2. Review round: opinions and how each was handled; an accepted one rewords a target.
  corr = `${PREFIX}/review-round`;
  const handleLater: Array<{ opinion: (typeof reviewOpinions)[number]; id: string }> = [];
  for (const o of reviewOpinions) {
    const recorded = await api.request<{
      recordReviewOpinion: { reviewOpinions: Array<{ id: string }> };
    }>(
      `opinion ${o.key}`,
      secretariat,
      OPS.opinion,
      {
        input: {
          commandId: commandId(o.key),
          resolutionId,
          givenBy: o.givenBy,
          opinion: o.opinion,
          handling: o.handledLater ? null : o.handling,
          response: o.handledLater ? null : o.response,
        },
      },
      corr,
    );
    const opinions = recorded.recordReviewOpinion.reviewOpinions;
    if (o.handledLater) handleLater.push({ opinion: o, id: opinions[opinions.length - 1].id });
    if (o.revisesTarget) {
      const t = targetById(o.revisesTarget);
      await defineTarget(t, t.name, `target-${t.code}-revised`);
    }
  }
  // Every opinion is accepted or explained before the issue.
  for (const { opinion: o, id } of handleLater)
    await api.request(
      `handle ${o.key}`,
      secretariat,
      OPS.handleOpinion,
      {
        input: {
          commandId: commandId(o.key, 'handling'),
          resolutionId,
          opinionId: id,
          handling: o.handling,
          response: o.response,
        },
      },
      corr,
    );
  log(
    `• recorded ${reviewOpinions.length} review opinions (tiếp thu, giải trình), ${handleLater.length} handled afterwards`,
  );

  // 3. Issue.
  corr = `${PREFIX}/issue`;
  await on(congressResolution.issuedOn);
  await issue(congressResolution, resolutionId);
  log(`• issued   ${congressResolution.code} on ${congressResolution.issuedOn}`);

  // 3b. The 450 new members split across the wards' and communes' Party organisations.
  corr = `${PREFIX}/allocations`;
  await api.request(
    `allocate ${membersAllocation.targetCode}`,
    standing,
    OPS.allocate,
    {
      input: {
        commandId: commandId('allocate', membersAllocation.targetCode),
        resolutionId,
        targetId: idOf(targetIds, membersAllocation.targetCode),
        allocations: membersAllocation.allocations,
      },
    },
    corr,
  );
  log(
    `• allocated ${membersAllocation.targetCode} across ${membersAllocation.allocations.length} units (minh họa)`,
  );

  // 4. The children: action programmes and thematic resolutions, each drafted with parentId.
  corr = `${PREFIX}/children`;
  const resolutionIds = new Map<string, string>([[congressResolution.key, resolutionId]]);
  for (const child of [...actionProgrammes, ...thematicResolutions]) {
    await on(child.issuedOn);
    const id = await draft(child, resolutionId);
    await submit(child.key, id);
    await issue(child, id);
    resolutionIds.set(child.key, id);
    log(`• issued   ${child.code.padEnd(10)} ${child.title.slice(0, 90)}…`);
  }

  // 5. Tasks: assigned by the secretariat, accepted by each unit's reporter.
  corr = `${PREFIX}/tasks`;
  await on(TASKS_ASSIGNED_ON);
  const taskIds = new Map<string, string>();
  for (const task of tasks) {
    const parentId = resolutionIds.get(task.resolution);
    if (!parentId) throw new SeedError(`task ${task.key}`, `unknown resolution ${task.resolution}`);
    const assigned = await api.request<{ assignTask: Resolved }>(
      `assign ${task.key}`,
      secretariat,
      OPS.assign,
      {
        input: {
          commandId: commandId('task', task.key, 'assign'),
          resolutionId: parentId,
          title: task.title,
          assigneeUnitId: task.unitId,
          assigneeMemberId: task.memberId ?? null,
          targetIds: task.targetCodes.map((code) => idOf(targetIds, code)),
          dueOn: task.dueOn,
          reportingFrequency: REPORTING_FREQUENCY,
        },
      },
      corr,
    );
    taskIds.set(task.key, assigned.assignTask.id);
    await api.request(
      `accept ${task.key}`,
      reporterOf(task.unitId),
      OPS.accept,
      {
        taskId: assigned.assignTask.id,
        commandId: commandId('task', task.key, 'accept'),
      },
      corr,
    );
  }
  log(
    `• assigned and accepted ${tasks.length} tasks for ${new Set(tasks.map((t) => t.unitId)).size} units`,
  );

  // 6. Yearly progress reports, year by year; completed tasks are closed after their last report.
  const fileReport = async (
    task: DemoTask,
    report: DemoReport,
    correctsReportId: string | null,
  ) => {
    const sent = await api.request<{ reportProgress: { id: string } }>(
      `report ${task.key} ${report.year}`,
      reporterOf(task.unitId),
      OPS.report,
      {
        input: {
          commandId: commandId('task', task.key, 'report', report.year),
          taskId: idOf(taskIds, task.key),
          year: report.year,
          percentComplete: report.percentComplete,
          narrative: report.narrative,
          difficulties: report.difficulties ?? null,
          proposals: report.proposals ?? null,
          measurements: Object.entries(report.values ?? {}).map(([code, value]) => ({
            targetId: idOf(targetIds, code),
            year: report.year,
            value,
          })),
          correctsReportId,
        },
      },
      corr,
    );
    return sent.reportProgress.id;
  };
  const years = [...new Set(tasks.flatMap((t) => t.reports.map((r) => r.year)))].sort(
    (a, b) => a - b,
  );
  for (const year of years) {
    corr = `${PREFIX}/reports-${year}`;
    await on(reportDay(year));
    let count = 0;
    const made: Array<{ task: DemoTask; reportId: string; year: number }> = [];
    for (const task of tasks) {
      for (const report of task.reports.filter((r) => r.year === year)) {
        if (FILED_LATE.get(task.key) === year) continue;
        const returned =
          task.key === returnedReport.taskKey && year === returnedReport.year
            ? await returnWrongReport(task, year)
            : null;
        made.push({ task, reportId: await fileReport(task, report, returned), year });
        count++;
      }
      // A late report goes in after the next year's one, when no open period is left for it.
      const lateYear = FILED_LATE.get(task.key);
      if (lateYear === year - 1)
        for (const late of task.reports.filter((r) => r.year === lateYear)) {
          made.push({ task, reportId: await fileReport(task, late, null), year: late.year });
          log(`• late     ${task.key}'s ${lateYear} report, filed in ${year}`);
        }
      if (task.complete && lastYear(task) === year) {
        await api.request(
          `complete ${task.key}`,
          reporterOf(task.unitId),
          OPS.complete,
          {
            taskId: idOf(taskIds, task.key),
            commandId: commandId('task', task.key, 'complete'),
          },
          corr,
        );
        log(`• completed "${task.title.slice(0, 70)}…" (${UNITS[task.unitId]})`);
      }
    }
    log(`• reported progress for ${year}: ${count} reports`);
    // Four eyes: the secretariat approves the year's reports (the last year's latest few wait).
    const waiting = new Set(
      year === years[years.length - 1]
        ? made.slice(-returnedReport.leftSubmitted).map((m) => m.reportId)
        : [],
    );
    for (const { task, reportId, year: of } of made.filter((m) => !waiting.has(m.reportId)))
      await api.request(
        `approve ${task.key} ${of}`,
        secretariat,
        OPS.approve,
        { reportId, commandId: commandId('task', task.key, 'approve', of) },
        corr,
      );
    log(`• approved ${made.length - waiting.size} reports for ${year}, ${waiting.size} awaiting`);
  }

  // 7. The mid-term review: held, one override with its justification, concluded.
  corr = `${PREFIX}/midterm-review`;
  await on(midtermReview.heldOn);
  const held = await api.request<{ holdMidtermReview: ReviewNode }>(
    'hold the mid-term review',
    standing,
    OPS.holdMidterm,
    {
      input: {
        commandId: commandId('midterm-review', 'hold'),
        resolutionId,
        heldOn: midtermReview.heldOn,
        coversThroughYear: midtermReview.coversThroughYear,
      },
    },
    corr,
  );
  const reviewId = held.holdMidtermReview.id;
  log(
    `• held the mid-term review on ${midtermReview.heldOn} (through ${midtermReview.coversThroughYear}), computed: ` +
      describeSummary(summarize(held.holdMidtermReview.items.map((i) => i.computed as Assessment))),
  );
  for (const o of midtermReview.overrides) {
    await api.request(
      `override ${o.targetCode}`,
      standing,
      OPS.assess,
      {
        input: {
          commandId: commandId('midterm-review', 'assess', o.targetCode),
          reviewId,
          targetId: idOf(targetIds, o.targetCode),
          assessment: o.assessment,
          justification: o.justification,
        },
      },
      corr,
    );
    log(`• override ${o.targetCode} → ${o.assessment}`);
  }
  const concluded = await api.request<{ concludeReview: ReviewNode }>(
    'conclude the mid-term review',
    standing,
    OPS.conclude,
    {
      input: {
        commandId: commandId('midterm-review', 'conclude'),
        reviewId,
        conclusions: midtermReview.conclusions,
        directives: midtermReview.directives,
      },
    },
    corr,
  );
  log(`• concluded, with overrides: ${describeSummary(concluded.concludeReview.summary)}`);

  // 8. The 2023 reports (narrative only: the review took the figures through 2022), on the clock.
  if (options.clock) {
    corr = `${PREFIX}/reports-2023`;
    await on(reportDay(2023));
    const open = tasks.filter((t) => !t.complete && !NO_REPORT_2023.has(t.key));
    for (const task of open)
      await fileReport(
        task,
        {
          year: 2023,
          percentComplete: Math.min(100, (task.reports.at(-1)?.percentComplete ?? 0) + 15),
          narrative: 'Báo cáo kết quả thực hiện năm 2023 (minh họa).',
          illustrative: true,
        },
        null,
      );
    log(`• reported progress for 2023: ${open.length} reports, ${NO_REPORT_2023.size} units none`);
  }

  // 9. The provincial Standing Committee's visit.
  await on(supervisionVisit.visitedOn);
  corr = `${PREFIX}/supervision`;
  const visited = await api.request<{
    recordSupervisionVisit: { supervisionVisits: Array<{ id: string }> };
  }>(
    'record the supervision visit',
    provincialStanding,
    OPS.visit,
    {
      input: {
        commandId: commandId('supervision', supervisionVisit.visitedOn),
        resolutionId,
        visitedOn: supervisionVisit.visitedOn,
        body: supervisionVisit.body,
        findings: supervisionVisit.findings,
        conclusions: supervisionVisit.conclusions,
        directives: supervisionVisit.directives,
      },
    },
    corr,
  );
  log(
    `• recorded the visit of ${supervisionVisit.body} on ${supervisionVisit.visitedOn} (${supervisionVisit.directives.length} directives)`,
  );
  const visits = visited.recordSupervisionVisit.supervisionVisits;
  const visitId = visits[visits.length - 1].id;

  // 8b. The city turns several of the visit's directives into tasks; the wards report 2023.
  corr = `${PREFIX}/visit-tasks`;
  for (const task of visitDirectiveTasks) {
    const assigned = await api.request<{ assignTask: Resolved }>(
      `assign ${task.key}`,
      secretariat,
      OPS.assign,
      {
        input: {
          commandId: commandId('task', task.key, 'assign'),
          resolutionId,
          title: task.title,
          assigneeUnitId: task.unitId,
          targetIds: task.targetCodes.map((code) => idOf(targetIds, code)),
          dueOn: task.dueOn,
          fromVisitDirective: { visitId, index: task.directive },
        },
      },
      corr,
    );
    const taskId = assigned.assignTask.id;
    await api.request(
      `accept ${task.key}`,
      reporterOf(task.unitId),
      OPS.accept,
      { taskId, commandId: commandId('task', task.key, 'accept') },
      corr,
    );
    if (!task.report2023) continue;
    await api.request(
      `report ${task.key} 2023`,
      reporterOf(task.unitId),
      OPS.report,
      {
        input: {
          commandId: commandId('task', task.key, 'report', 2023),
          taskId,
          year: 2023,
          percentComplete: 40,
          narrative: 'Kết nạp đảng viên mới năm 2023 (minh họa).',
          measurements: Object.entries(task.report2023).map(([code, value]) => ({
            targetId: idOf(targetIds, code),
            year: 2023,
            value,
          })),
        },
      },
      corr,
    );
  }
  log(`• gave ${visitDirectiveTasks.length} tasks from the visit's directives`);

  // 10. Read back and check the published result.
  const read = await api.request<{ review: ReviewNode; verifyReview: { matches: boolean } }>(
    'read the review',
    secretariat,
    OPS.review,
    { id: reviewId },
    `${PREFIX}/read`,
  );
  const summary = read.review.summary;
  const expected = midtermReview.expectedSummary;
  const mismatched = (Object.keys(expected) as (keyof ReviewSummary)[]).filter(
    (k) => summary[k] !== expected[k],
  );
  if (mismatched.length > 0)
    throw new SeedError(
      'check the summary',
      `expected ${describeSummary(expected)}, the server says ${describeSummary(summary)}`,
    );
  if (!read.verifyReview.matches)
    throw new SeedError('verify the review', 'verifyReview reports differences');

  const headAfter = await headPosition(api);
  log(
    headAfter === headBefore
      ? `Nothing new written: the demo was already seeded (head position ${headAfter}).`
      : `Done: head position ${headBefore} → ${headAfter}.`,
  );
  const items = read.review.items.map((item) => {
    const target = targets.find((t) => targetIds.get(t.code) === item.targetId);
    return {
      code: target?.code ?? item.targetId,
      name: target?.name ?? '',
      value: item.value,
      targetValue: target?.targetValue ?? '',
      computed: item.computed,
      override: item.override,
    };
  });
  return { resolutionId, reviewId, summary, items };

  // ─── steps ────────────────────────────────────────────────────────────────────────────────────

  async function defineUnit(
    id: string,
    name: string,
    kind: string,
    parentId: string | null,
  ): Promise<void> {
    await api.request(
      `unit ${id}`,
      secretariat,
      OPS.defineUnit,
      { input: { commandId: commandId('unit', id), id, name, kind, parentId } },
      corr,
    );
  }

  /** A report sent with a wrong figure, returned by the standing committee: its id. */
  async function returnWrongReport(task: DemoTask, year: number): Promise<string> {
    const wrong = await api.request<{ reportProgress: { id: string } }>(
      `report ${task.key} ${year} (wrong)`,
      reporterOf(task.unitId),
      OPS.report,
      {
        input: {
          commandId: commandId('task', task.key, 'report', year, 'wrong'),
          taskId: idOf(taskIds, task.key),
          year,
          percentComplete: null,
          narrative: 'Báo cáo số liệu kết nạp đảng viên.',
          measurements: Object.entries(returnedReport.wrongValues).map(([code, value]) => ({
            targetId: idOf(targetIds, code),
            year,
            value,
          })),
        },
      },
      corr,
    );
    const reportId = wrong.reportProgress.id;
    await api.request(
      `return ${task.key} ${year}`,
      standing,
      OPS.returnReport,
      {
        reportId,
        reason: returnedReport.reason,
        commandId: commandId('task', task.key, 'return', year),
      },
      corr,
    );
    return reportId;
  }

  async function draft(r: DemoResolution, parentId: string | null): Promise<string> {
    const data = await api.request<{ draftResolution: Resolved }>(
      `draft ${r.key}`,
      secretariat,
      OPS.draft,
      {
        input: {
          commandId: commandId(r.key, 'draft'),
          title: r.title,
          kind: r.kind,
          termStart: r.termStart,
          termEnd: r.termEnd,
          parentId,
          summary: r.summary,
        },
      },
      corr,
    );
    return data.draftResolution.id;
  }

  async function defineTarget(t: DemoTarget, name: string, key: string): Promise<string> {
    const data = await api.request<{ defineTarget: { id: string } }>(
      `define ${key}`,
      secretariat,
      OPS.defineTarget,
      {
        input: {
          commandId: commandId(key),
          resolutionId,
          code: t.code,
          group: t.group,
          name,
          unit: t.unit,
          kind: t.kind,
          comparison: t.comparison,
          baseline: t.baseline,
          baselineYear: t.baselineYear,
          targetValue: t.targetValue,
          dueYear: t.dueYear,
          source: targetSource(t),
        },
      },
      corr,
    );
    return data.defineTarget.id;
  }

  async function submit(key: string, id: string): Promise<void> {
    await api.request(
      `submit ${key}`,
      secretariat,
      OPS.submit,
      {
        resolutionId: id,
        commandId: commandId(key, 'submit'),
      },
      corr,
    );
  }

  async function issue(r: DemoResolution, id: string): Promise<void> {
    await api.request(
      `issue ${r.key}`,
      standing,
      OPS.issue,
      {
        input: {
          commandId: commandId(r.key, 'issue'),
          resolutionId: id,
          code: r.code,
          issuedOn: r.issuedOn,
          signedBy: r.signedBy,
        },
      },
      corr,
    );
  }
}

async function headPosition(api: Api): Promise<string> {
  const data = await api.request<{ serverInfo: { headPosition: string } }>(
    'read serverInfo',
    ACTORS.secretariat,
    OPS.serverInfo,
    {},
    `${PREFIX}/read`,
  );
  return data.serverInfo.headPosition;
}

function targetById(code: string): DemoTarget {
  const t = targets.find((x) => x.code === code);
  if (!t) throw new SeedError('data', `no target ${code}`);
  return t;
}

function idOf(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw new SeedError('data', `nothing seeded under ${key}`);
  return id;
}

function lastYear(task: DemoTask): number {
  return Math.max(...task.reports.map((r) => r.year));
}

export function describeSummary(s: ReviewSummary): string {
  return (
    `${s.achievedOrExceeded}/${s.total} achieved or exceeded ` +
    `(exceeded ${s.exceeded}, met ${s.met}, on schedule ${s.onSchedule}, ` +
    `behind ${s.behind}, no data ${s.noData})`
  );
}

// ─── What a newcomer sees at the end ────────────────────────────────────────────────────────────

/** Three queries to paste into the GraphQL explorer, with the ids filled in. */
export function exampleQueries(resolutionId: string, reviewId: string): string[] {
  return [
    `# 1. The resolution: targets with their current assessment, tasks, children, visits
{
  resolution(id: "${resolutionId}") {
    code title status issuedOn signedBy
    targets { code group name unit kind comparison baseline targetValue currentValue assessment source }
    children { code kind title status }
    tasks { title assigneeUnitId status overdue reports { year percentComplete narrative } }
    reviewOpinions { givenBy opinion handling response }
    supervisionVisits { visitedOn body conclusions directives }
  }
}`,
    `# 2. The mid-term review ("18/30"): frozen items, the override, and a recomputation check
{
  review(id: "${reviewId}") {
    kind status heldOn coversThroughYear asOfPosition
    summary { total exceeded met onSchedule behind noData achievedOrExceeded }
    items { targetId value computed override justification evidenceEventIds }
    conclusions directives
  }
  verifyReview(id: "${reviewId}") { matches differences { targetId reason } }
}`,
    `# 3. The audit trail: who did what, with which command, in order; and the integrity check
{
  auditTrail(resolutionId: "${resolutionId}", first: 50) {
    edges { node { position streamId type actorId actorRole commandId correlationId occurredAt } }
    pageInfo { hasNextPage endCursor }
  }
  verifyIntegrity(resolutionId: "${resolutionId}") { intact checkedEvents problem }
}`,
  ];
}

/** What a person needs next: the ids, the figures, an AUDITOR token and queries to paste. */
export async function welcome(apiUrl: string, secret: string, result: SeedResult): Promise<string> {
  const auditorToken = await new Api(apiUrl, secret).token(
    { sub: 'demo-auditor', role: 'AUDITOR' },
    '8h',
  );
  return [
    '',
    `Resolution id: ${result.resolutionId}`,
    `Review id:     ${result.reviewId}`,
    `Summary:       ${describeSummary(result.summary)}`,
    '',
    'Mid-term review items (value / target, computed assessment, override):',
    ...result.items.map(
      (i) =>
        `  ${i.code}  ${(i.value ?? '—').padStart(6)} / ${i.targetValue.padEnd(5)} ` +
        `${i.computed.padEnd(12)}${i.override ? ` → ${i.override} (override)` : ''}  ${i.name.slice(0, 60)}`,
    ),
    '',
    `Open ${apiUrl} in a browser and set the header (an AUDITOR token, valid 8 hours):`,
    `  { "Authorization": "Bearer ${auditorToken}" }`,
    'then paste any of these:',
    '',
    ...exampleQueries(result.resolutionId, result.reviewId).flatMap((q) => [q, '']),
  ].join('\n');
}

async function main(): Promise<void> {
  const apiUrl = process.env.API_URL || `http://127.0.0.1:${process.env.PORT || '3000'}/graphql`;
  const secret = process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET;
  console.log(await welcome(apiUrl, secret, await seedDemo(apiUrl, secret)));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`\nseed:demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

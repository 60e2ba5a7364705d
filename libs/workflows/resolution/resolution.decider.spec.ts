import { BadUserInput, Forbidden, InvalidTransition, NotFound } from '../../shared/domain-errors';
import { ROLES, SYSTEM_ACTOR, type Actor, type CommandContext, type Role } from '../shared/actor';
import { deciderSpec } from '../shared/decider-spec';
import type { ResolutionCommand } from './resolution.commands';
import { evolve, initialState, resolutionDecider } from './resolution.decider';
import type { ResolutionEvent, ResolutionStatus, TargetDefinition } from './resolution.events';

// ---- actors and context ----------------------------------------------------------------------

const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  id: `user-${role}`,
  role,
  ...extra,
});
const SECRETARIAT = actor('SECRETARIAT');
const STANDING = actor('STANDING_COMMITTEE');
const TODAY = '2023-06-01';
const context = (a: Actor = SECRETARIAT): CommandContext => ({
  actor: a,
  at: `${TODAY}T03:00:00.000Z`,
  today: TODAY,
});

// ---- commands ---------------------------------------------------------------------------------

const R = 'res-1';
type Type = ResolutionCommand['type'];
type Payload<T extends Type> = Omit<
  Extract<ResolutionCommand, { type: T }>,
  'type' | keyof CommandContext
>;
type Overrides<T extends Type> = Partial<Payload<T>> & Partial<CommandContext>;

/** A factory for one command type: defaults (run by `by`), overridable field by field. */
function command<T extends Type>(type: T, by: Actor, defaults: Payload<T>) {
  return (over: Overrides<T> = {}): ResolutionCommand =>
    ({ ...context(by), type, ...defaults, ...over }) as ResolutionCommand;
}

const draftResolution = command('DraftResolution', SECRETARIAT, {
  resolutionId: R,
  title: ' Nghị quyết Đại hội Đảng bộ thành phố ',
  kind: 'CONGRESS',
  termStart: 2020,
  termEnd: 2025,
  parentId: null,
  summary: null,
});
const reviseDraft = command('ReviseDraft', SECRETARIAT, { title: ' New title ', summary: 'short' });
const defineTarget = command('DefineTarget', SECRETARIAT, {
  newTargetId: 't-new',
  code: 'KT-09',
  group: 'Kinh tế',
  name: 'Thu ngân sách',
  unit: 'tỷ đồng',
  kind: 'LEVEL',
  comparison: 'AT_LEAST',
  baseline: '150',
  baselineYear: 2020,
  targetValue: '200',
  dueYear: 2025,
});
const submitForReview = command('SubmitForReview', SECRETARIAT, {});
const recordReviewOpinion = command('RecordReviewOpinion', STANDING, {
  opinionId: 'op-1',
  givenBy: ' Đ/c Bí thư ',
  opinion: ' Nâng chỉ tiêu thu ngân sách ',
  handling: 'ACCEPTED',
  response: 'Đã tiếp thu',
});
const recordOpinionHandling = command('RecordOpinionHandling', SECRETARIAT, {
  opinionId: 'op-open',
  handling: 'EXPLAINED',
  response: ' Giữ nguyên chỉ tiêu ',
});
const returnToDraft = command('ReturnToDraft', STANDING, { reason: ' needs work ' });
const issueResolution = command('IssueResolution', STANDING, {
  code: ' 01-NQ/ĐH ',
  issuedOn: '2020-12-15',
  signedBy: ' Bí thư ',
});
const amendTarget = command('AmendTarget', STANDING, {
  targetId: 't-1',
  targetValue: '220.00',
  reason: ' raised by conclusion ',
});
const allocateTarget = command('AllocateTarget', STANDING, {
  targetId: 't-2',
  allocations: [
    { unitId: ' p-dx ', value: '200.0' },
    { unitId: 'x-dq', value: '250' },
  ],
});
const withdrawResolution = command('WithdrawResolution', STANDING, { reason: ' replaced ' });
const supersedeResolution = command('SupersedeResolution', STANDING, {
  supersededBy: 'res-2',
  reason: ' new term ',
  supersededByStatus: 'ISSUED',
});
const startImplementation = command('StartImplementation', SYSTEM_ACTOR, { taskId: 'task-1' });
const holdMidterm = command('HoldReview', STANDING, {
  kind: 'MIDTERM',
  reviewId: 'rev-mid',
  heldOn: '2023-05-20',
  coversThroughYear: 2022,
  anotherReviewOpen: false,
});
const holdFinal = command('HoldReview', STANDING, {
  kind: 'FINAL',
  reviewId: 'rev-final',
  heldOn: '2023-05-20',
  coversThroughYear: 2023,
  anotherReviewOpen: false,
});
const recordSupervisionVisit = command('RecordSupervisionVisit', STANDING, {
  visitId: 'visit-1',
  visitedOn: '2023-04-10',
  body: ' Ban Thường vụ Tỉnh ủy ',
  findings: ' good progress ',
  conclusions: ['keep going'],
  directives: ['speed up OCOP'],
});

/** One valid command of every type, keyed by type. */
const EVERY_COMMAND: Record<Type, () => ResolutionCommand> = {
  DraftResolution: draftResolution,
  ReviseDraft: reviseDraft,
  DefineTarget: defineTarget,
  SubmitForReview: submitForReview,
  RecordReviewOpinion: recordReviewOpinion,
  RecordOpinionHandling: recordOpinionHandling,
  ReturnToDraft: returnToDraft,
  IssueResolution: issueResolution,
  AmendTarget: amendTarget,
  AllocateTarget: allocateTarget,
  WithdrawResolution: withdrawResolution,
  SupersedeResolution: supersedeResolution,
  StartImplementation: startImplementation,
  HoldReview: holdMidterm,
  RecordSupervisionVisit: recordSupervisionVisit,
};

// ---- events -----------------------------------------------------------------------------------

const T1: TargetDefinition = {
  targetId: 't-1',
  code: 'KT-01',
  group: 'Kinh tế',
  name: 'Thu ngân sách trên địa bàn',
  unit: 'tỷ đồng',
  kind: 'LEVEL',
  comparison: 'AT_LEAST',
  baseline: '150',
  baselineYear: 2020,
  targetValue: '200',
  dueYear: 2025,
};
const T2: TargetDefinition = {
  ...T1,
  targetId: 't-2',
  code: 'XD-01',
  group: 'Xây dựng Đảng',
  name: 'Kết nạp đảng viên',
  unit: 'người',
  kind: 'CUMULATIVE',
  baseline: null,
  targetValue: '450',
};

const e = {
  drafted: (): ResolutionEvent => ({
    type: 'ResolutionDrafted',
    data: {
      resolutionId: R,
      title: 'Nghị quyết Đại hội Đảng bộ thành phố',
      kind: 'CONGRESS',
      termStart: 2020,
      termEnd: 2025,
      parentId: null,
      summary: null,
    },
  }),
  targetDefined: (t: TargetDefinition): ResolutionEvent => ({
    type: 'TargetDefined',
    data: { resolutionId: R, ...t },
  }),
  submitted: (): ResolutionEvent => ({
    type: 'ResolutionSubmittedForReview',
    data: { resolutionId: R },
  }),
  returned: (): ResolutionEvent => ({
    type: 'ResolutionReturnedToDraft',
    data: { resolutionId: R, reason: 'needs work' },
  }),
  issued: (): ResolutionEvent => ({
    type: 'ResolutionIssued',
    data: { resolutionId: R, code: '01-NQ/ĐH', issuedOn: '2020-12-15', signedBy: 'Bí thư' },
  }),
  started: (): ResolutionEvent => ({
    type: 'ImplementationStarted',
    data: { resolutionId: R, firstTaskId: 'task-1' },
  }),
  midtermHeld: (): ResolutionEvent => ({
    type: 'MidtermReviewHeld',
    data: { resolutionId: R, reviewId: 'rev-mid', heldOn: '2023-05-20', coversThroughYear: 2022 },
  }),
  finalHeld: (): ResolutionEvent => ({
    type: 'FinalEvaluationHeld',
    data: { resolutionId: R, reviewId: 'rev-final', heldOn: '2023-05-20', coversThroughYear: 2023 },
  }),
  withdrawn: (): ResolutionEvent => ({
    type: 'ResolutionWithdrawn',
    data: { resolutionId: R, reason: 'replaced' },
  }),
  opinion: (opinionId: string, handled = false): ResolutionEvent => ({
    type: 'ReviewOpinionRecorded',
    data: {
      resolutionId: R,
      opinionId,
      givenBy: 'Đ/c Phó Bí thư',
      opinion: 'Cân nhắc chỉ tiêu',
      handling: handled ? 'ACCEPTED' : null,
      response: handled ? 'Đã tiếp thu' : null,
    },
  }),
  handled: (opinionId: string): ResolutionEvent => ({
    type: 'ReviewOpinionHandled',
    data: { resolutionId: R, opinionId, handling: 'EXPLAINED', response: 'Giữ nguyên chỉ tiêu' },
  }),
  superseded: (): ResolutionEvent => ({
    type: 'ResolutionSuperseded',
    data: { resolutionId: R, supersededBy: 'res-2', reason: 'new term' },
  }),
};

const DRAFT = [e.drafted(), e.targetDefined(T1), e.targetDefined(T2)];
const IN_REVIEW = [...DRAFT, e.submitted()];
const ISSUED = [...IN_REVIEW, e.issued()];
const IN_IMPLEMENTATION = [...ISSUED, e.started()];
const MIDTERM_REVIEWED = [...IN_IMPLEMENTATION, e.midtermHeld()];
const FINAL_EVALUATED = [...MIDTERM_REVIEWED, e.finalHeld()];

/** A history reaching each status. */
const HISTORY: Record<ResolutionStatus, ResolutionEvent[]> = {
  DRAFT,
  IN_REVIEW,
  ISSUED,
  IN_IMPLEMENTATION,
  MIDTERM_REVIEWED,
  FINAL_EVALUATED,
  WITHDRAWN: [...IN_REVIEW, e.withdrawn()],
  SUPERSEDED: [...IN_IMPLEMENTATION, e.superseded()],
};
const STATUSES = Object.keys(HISTORY) as ResolutionStatus[];
const except = (...allowed: ResolutionStatus[]) => STATUSES.filter((s) => !allowed.includes(s));

const given = deciderSpec(resolutionDecider);

// ---- happy paths ------------------------------------------------------------------------------

describe('resolution decider: happy paths', () => {
  it('drafts a resolution (title trimmed)', () =>
    given([]).when(draftResolution()).then([e.drafted()]));

  it('revises a draft', () =>
    given(DRAFT)
      .when(reviseDraft())
      .then([
        { type: 'DraftRevised', data: { resolutionId: R, title: 'New title', summary: 'short' } },
      ]));

  it('defines a new target with the new id, trimmed text and normalised decimals', () =>
    given(DRAFT)
      .when(
        defineTarget({
          code: ' KT-09 ',
          name: ' Thu ngân sách ',
          baseline: '150.50',
          targetValue: '170.0',
        }),
      )
      .then([
        {
          type: 'TargetDefined',
          data: {
            resolutionId: R,
            targetId: 't-new',
            code: 'KT-09',
            group: 'Kinh tế',
            name: 'Thu ngân sách',
            unit: 'tỷ đồng',
            kind: 'LEVEL',
            comparison: 'AT_LEAST',
            baseline: '150.5',
            baselineYear: 2020,
            targetValue: '170',
            dueYear: 2025,
          },
        },
      ]));

  it('defines a target while IN_REVIEW, keeping a null baseline and 1.2 exact', () =>
    given(IN_REVIEW)
      .when(defineTarget({ comparison: 'AT_MOST', baseline: null, targetValue: '1.20' }))
      .then([
        e.targetDefined({
          ...T1,
          targetId: 't-new',
          code: 'KT-09',
          name: 'Thu ngân sách',
          comparison: 'AT_MOST',
          baseline: null,
          targetValue: '1.2',
        }),
      ]));

  it('normalises "-0.0" to "0", never "-0"', () =>
    given(DRAFT)
      .when(defineTarget({ baseline: '-0.0', targetValue: '0010.500' }))
      .then([
        e.targetDefined({
          ...T1,
          targetId: 't-new',
          code: 'KT-09',
          name: 'Thu ngân sách',
          baseline: '0',
          targetValue: '10.5',
        }),
      ]));

  it('redefining an existing code keeps its id (and replaces the definition)', () =>
    given(DRAFT)
      .when(
        defineTarget({
          newTargetId: 't-ignored',
          code: ' KT-01 ',
          name: 'Thu ngân sách mới',
          targetValue: '210',
        }),
      )
      .then([e.targetDefined({ ...T1, name: 'Thu ngân sách mới', targetValue: '210' })]));

  it('a redefined code keeps its id even after several redefinitions', () =>
    given([...DRAFT, e.targetDefined({ ...T1, targetValue: '250' })])
      .when(defineTarget({ newTargetId: 't-other', code: 'KT-01' }))
      .then([e.targetDefined({ ...T1, name: 'Thu ngân sách' })]));

  it('submits a draft for review', () =>
    given(DRAFT).when(submitForReview()).then([e.submitted()]));

  it('the standing committee may submit too', () =>
    given(DRAFT)
      .when(submitForReview({ actor: STANDING }))
      .then([e.submitted()]));

  it('records a review opinion (trimmed)', () =>
    given(IN_REVIEW)
      .when(recordReviewOpinion())
      .then([
        {
          type: 'ReviewOpinionRecorded',
          data: {
            resolutionId: R,
            opinionId: 'op-1',
            givenBy: 'Đ/c Bí thư',
            opinion: 'Nâng chỉ tiêu thu ngân sách',
            handling: 'ACCEPTED',
            response: 'Đã tiếp thu',
          },
        },
      ]));

  it('a MEMBER may give an opinion', () =>
    given(IN_REVIEW)
      .when(recordReviewOpinion({ actor: actor('MEMBER'), handling: null, response: null }))
      .then([
        {
          type: 'ReviewOpinionRecorded',
          data: {
            resolutionId: R,
            opinionId: 'op-1',
            givenBy: 'Đ/c Bí thư',
            opinion: 'Nâng chỉ tiêu thu ngân sách',
            handling: null,
            response: null,
          },
        },
      ]));

  it('returns a reviewed draft with a reason', () =>
    given(IN_REVIEW).when(returnToDraft()).then([e.returned()]));

  it('a returned draft can be edited and resubmitted', () =>
    given([...IN_REVIEW, e.returned()])
      .when(submitForReview())
      .then([e.submitted()]));

  it('issues a resolution under review', () =>
    given(IN_REVIEW).when(issueResolution()).then([e.issued()]));

  it('amends a target after issue, keeping both values', () =>
    given(ISSUED)
      .when(amendTarget({ dueYear: 2024 }))
      .then([
        {
          type: 'TargetAmended',
          data: {
            resolutionId: R,
            targetId: 't-1',
            previousTargetValue: '200',
            targetValue: '220',
            previousDueYear: 2025,
            dueYear: 2024,
            reason: 'raised by conclusion',
          },
        },
      ]));

  it('an amendment without dueYear keeps the amended due year', () =>
    given([
      ...MIDTERM_REVIEWED,
      {
        type: 'TargetAmended',
        data: {
          resolutionId: R,
          targetId: 't-1',
          previousTargetValue: '200',
          targetValue: '220',
          previousDueYear: 2025,
          dueYear: 2024,
          reason: 'x',
        },
      },
    ])
      .when(amendTarget({ targetValue: '230' }))
      .then([
        {
          type: 'TargetAmended',
          data: {
            resolutionId: R,
            targetId: 't-1',
            previousTargetValue: '220',
            targetValue: '230',
            previousDueYear: 2024,
            dueYear: 2024,
            reason: 'raised by conclusion',
          },
        },
      ]));

  it.each<ResolutionStatus>(['DRAFT', 'IN_REVIEW'])('withdraws from %s', (status) =>
    given(HISTORY[status]).when(withdrawResolution()).then([e.withdrawn()]),
  );

  it.each<ResolutionStatus>(['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'])(
    'supersedes from %s',
    (status) => given(HISTORY[status]).when(supersedeResolution()).then([e.superseded()]),
  );

  it('the first task moves ISSUED → IN_IMPLEMENTATION', () =>
    given(ISSUED).when(startImplementation()).then([e.started()]));

  it.each<ResolutionStatus>([
    'DRAFT',
    'IN_REVIEW',
    'IN_IMPLEMENTATION',
    'MIDTERM_REVIEWED',
    'FINAL_EVALUATED',
    'WITHDRAWN',
    'SUPERSEDED',
  ])(
    'a later task (or one the process meets late) emits nothing on the resolution (%s)',
    (status) =>
      given(HISTORY[status])
        .when(startImplementation({ taskId: 'task-2' }))
        .then([]),
  );

  it('ImplementationStarted moves the state to IN_IMPLEMENTATION', () => {
    const state = [...ISSUED, e.started()].reduce(evolve, initialState);
    expect(state.status).toBe('IN_IMPLEMENTATION');
    expect(state.issuedOn).toBe('2020-12-15');
    expect([...state.targets.keys()]).toEqual(['t-1', 't-2']);
  });

  it('holds the mid-term review while IN_IMPLEMENTATION', () =>
    given(IN_IMPLEMENTATION).when(holdMidterm()).then([e.midtermHeld()]));

  it('holds a review on the day of issue and on today, covering the heldOn year', () =>
    given(IN_IMPLEMENTATION)
      .when(holdMidterm({ heldOn: TODAY, coversThroughYear: 2023 }))
      .then([
        {
          type: 'MidtermReviewHeld',
          data: { resolutionId: R, reviewId: 'rev-mid', heldOn: TODAY, coversThroughYear: 2023 },
        },
      ]));

  it('coversThroughYear may be the first year of the term', () =>
    given(IN_IMPLEMENTATION)
      .when(holdMidterm({ heldOn: '2020-12-15', coversThroughYear: 2020 }))
      .then([
        {
          type: 'MidtermReviewHeld',
          data: {
            resolutionId: R,
            reviewId: 'rev-mid',
            heldOn: '2020-12-15',
            coversThroughYear: 2020,
          },
        },
      ]));

  it.each<ResolutionStatus>(['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED'])(
    'holds the final evaluation from %s',
    (status) => given(HISTORY[status]).when(holdFinal()).then([e.finalHeld()]),
  );

  it('the final evaluation may cover the last year of the term', () =>
    given(MIDTERM_REVIEWED)
      .when(holdFinal({ heldOn: '2026-01-10', coversThroughYear: 2025, today: '2026-01-10' }))
      .then([
        {
          type: 'FinalEvaluationHeld',
          data: {
            resolutionId: R,
            reviewId: 'rev-final',
            heldOn: '2026-01-10',
            coversThroughYear: 2025,
          },
        },
      ]));

  it.each<ResolutionStatus>(['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'])(
    'records a supervision visit while %s',
    (status) =>
      given(HISTORY[status])
        .when(recordSupervisionVisit())
        .then([
          {
            type: 'SupervisionVisitRecorded',
            data: {
              resolutionId: R,
              visitId: 'visit-1',
              visitedOn: '2023-04-10',
              body: 'Ban Thường vụ Tỉnh ủy',
              findings: 'good progress',
              conclusions: ['keep going'],
              directives: ['speed up OCOP'],
            },
          },
        ]),
  );
});

// ---- refused transitions ----------------------------------------------------------------------

describe('resolution decider: INVALID_TRANSITION', () => {
  const table: [string, () => ResolutionCommand, ResolutionStatus[]][] = [
    ['ReviseDraft', reviseDraft, ['DRAFT']],
    ['DefineTarget', defineTarget, ['DRAFT', 'IN_REVIEW']],
    ['SubmitForReview', submitForReview, ['DRAFT']],
    ['RecordReviewOpinion', recordReviewOpinion, ['IN_REVIEW']],
    ['RecordOpinionHandling', recordOpinionHandling, ['DRAFT', 'IN_REVIEW']],
    ['ReturnToDraft', returnToDraft, ['IN_REVIEW']],
    ['IssueResolution', issueResolution, ['IN_REVIEW']],
    ['AmendTarget', amendTarget, ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED']],
    [
      'AllocateTarget',
      allocateTarget,
      ['DRAFT', 'IN_REVIEW', 'ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED'],
    ],
    ['WithdrawResolution', withdrawResolution, ['DRAFT', 'IN_REVIEW']],
    [
      'SupersedeResolution',
      supersedeResolution,
      ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
    ],
    ['HoldReview MIDTERM', holdMidterm, ['IN_IMPLEMENTATION']],
    ['HoldReview FINAL', holdFinal, ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED']],
    [
      'RecordSupervisionVisit',
      recordSupervisionVisit,
      ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
    ],
  ];
  const refused = table.flatMap(([name, cmd, allowed]) =>
    except(...allowed).map((status) => [name, status, cmd] as const),
  );

  it('the table refuses every command on WITHDRAWN and SUPERSEDED', () => {
    for (const [name] of table) {
      const statuses = refused.filter(([n]) => n === name).map(([, s]) => s);
      expect(statuses).toEqual(expect.arrayContaining(['WITHDRAWN', 'SUPERSEDED']));
    }
  });

  it.each(refused)('%s is refused while %s', (_name, status, cmd) =>
    given(HISTORY[status])
      .when(cmd())
      .thenThrows(InvalidTransition, new RegExp(`while ${status}$`)),
  );

  it.each(STATUSES)('drafting again over an existing resolution (%s) is refused', (status) =>
    given(HISTORY[status])
      .when(draftResolution())
      .thenThrows(InvalidTransition, /cannot draft/),
  );

  it('defineTarget after issue is refused', () =>
    given(ISSUED)
      .when(defineTarget({ code: 'KT-01' }))
      .thenThrows(InvalidTransition, /define a target while ISSUED/));

  it('submit while IN_REVIEW is refused', () =>
    given(IN_REVIEW)
      .when(submitForReview())
      .thenThrows(InvalidTransition, /while IN_REVIEW/));

  it('issue from DRAFT is refused', () =>
    given(DRAFT)
      .when(issueResolution())
      .thenThrows(InvalidTransition, /issue while DRAFT/));

  it('a second mid-term review is refused', () =>
    given(MIDTERM_REVIEWED)
      .when(holdMidterm({ reviewId: 'rev-mid-2' }))
      .thenThrows(InvalidTransition, /mid-term review while MIDTERM_REVIEWED/));

  it('a second final evaluation is refused', () =>
    given(FINAL_EVALUATED)
      .when(holdFinal({ reviewId: 'rev-final-2' }))
      .thenThrows(InvalidTransition, /final evaluation while FINAL_EVALUATED/));

  it('a mid-term review after the final evaluation is refused', () =>
    given(FINAL_EVALUATED)
      .when(holdMidterm())
      .thenThrows(InvalidTransition, /while FINAL_EVALUATED/));

  it.each<ResolutionStatus>(['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED'])(
    'the final evaluation is refused while a review is still OPEN (%s)',
    (status) =>
      given(HISTORY[status])
        .when(holdFinal({ anotherReviewOpen: true }))
        .thenThrows(InvalidTransition, /review is still OPEN/),
  );

  it('a review OPEN does not matter for the status check (wrong status reported first)', () =>
    given(ISSUED)
      .when(holdFinal({ anotherReviewOpen: true }))
      .thenThrows(InvalidTransition, /while ISSUED/));
});

// ---- roles ------------------------------------------------------------------------------------

describe('resolution decider: FORBIDDEN', () => {
  const allowedRoles: Record<Type, Role[]> = {
    DraftResolution: ['SECRETARIAT'],
    ReviseDraft: ['SECRETARIAT'],
    DefineTarget: ['SECRETARIAT'],
    SubmitForReview: ['SECRETARIAT', 'STANDING_COMMITTEE'],
    RecordReviewOpinion: ['SECRETARIAT', 'STANDING_COMMITTEE', 'MEMBER'],
    RecordOpinionHandling: ['SECRETARIAT'],
    ReturnToDraft: ['SECRETARIAT', 'STANDING_COMMITTEE'],
    IssueResolution: ['STANDING_COMMITTEE'],
    AmendTarget: ['STANDING_COMMITTEE'],
    AllocateTarget: ['STANDING_COMMITTEE'],
    WithdrawResolution: ['STANDING_COMMITTEE'],
    SupersedeResolution: ['STANDING_COMMITTEE'],
    StartImplementation: [], // the implementation-start process only (actor SYSTEM)
    HoldReview: ['STANDING_COMMITTEE'],
    RecordSupervisionVisit: ['STANDING_COMMITTEE'],
  };
  /** A status in which each command would otherwise succeed. */
  const happyStatus: Record<Type, ResolutionStatus | null> = {
    DraftResolution: null,
    ReviseDraft: 'DRAFT',
    DefineTarget: 'DRAFT',
    SubmitForReview: 'DRAFT',
    RecordReviewOpinion: 'IN_REVIEW',
    RecordOpinionHandling: 'IN_REVIEW',
    ReturnToDraft: 'IN_REVIEW',
    IssueResolution: 'IN_REVIEW',
    AmendTarget: 'ISSUED',
    AllocateTarget: 'DRAFT',
    WithdrawResolution: 'DRAFT',
    SupersedeResolution: 'ISSUED',
    StartImplementation: 'ISSUED',
    HoldReview: 'IN_IMPLEMENTATION',
    RecordSupervisionVisit: 'ISSUED',
  };
  const types = Object.keys(EVERY_COMMAND) as Type[];
  const refusals = types.flatMap((type) =>
    ROLES.filter((role) => !allowedRoles[type].includes(role)).map((role) => [type, role] as const),
  );
  const history = (type: Type) => {
    const status = happyStatus[type];
    const events = status ? HISTORY[status] : [];
    // Handling needs an opinion recorded without one.
    return type === 'RecordOpinionHandling' ? [...events, e.opinion('op-open')] : events;
  };

  it('AUDITOR and INTEGRATION can run nothing', () => {
    for (const role of ['AUDITOR', 'INTEGRATION'] as Role[])
      expect(refusals.filter(([, r]) => r === role).map(([t]) => t)).toEqual(types);
  });

  it.each(refusals)('%s is refused to %s', (type, role) =>
    given(history(type))
      .when({ ...EVERY_COMMAND[type](), actor: actor(role, { unitId: 'u-1' }) })
      .thenThrows(Forbidden, new RegExp(`${role} may not ${type}`)),
  );

  it.each(types.flatMap((type) => allowedRoles[type].map((role) => [type, role] as const)))(
    '%s is allowed to %s',
    (type, role) => {
      const events = resolutionDecider.decide(
        { ...EVERY_COMMAND[type](), actor: actor(role) },
        history(type).reduce(evolve, initialState),
      );
      expect(events).toHaveLength(1);
    },
  );

  it('role refusal wins over bad input', () =>
    given(DRAFT)
      .when(defineTarget({ actor: actor('AUDITOR'), code: ' ', targetValue: '1,2' }))
      .thenThrows(Forbidden, /AUDITOR may not DefineTarget/));

  it('role refusal wins over a bad date and a wrong status', () =>
    given(DRAFT)
      .when(issueResolution({ actor: SECRETARIAT, issuedOn: '2020-13-45' }))
      .thenThrows(Forbidden, /SECRETARIAT may not IssueResolution/));

  it('role refusal wins over NOT_FOUND', () =>
    given([])
      .when(holdMidterm({ actor: actor('INTEGRATION') }))
      .thenThrows(Forbidden));
});

// ---- existence --------------------------------------------------------------------------------

describe('resolution decider: NOT_FOUND', () => {
  const types = (Object.keys(EVERY_COMMAND) as Type[]).filter((t) => t !== 'DraftResolution');
  it.each(types)('%s on a missing resolution', (type) => {
    const cmd = EVERY_COMMAND[type]();
    expect(() => resolutionDecider.authorize(cmd)).not.toThrow();
    given([])
      .when(cmd)
      .thenThrows(NotFound, /resolution not found/);
  });
});

// ---- bad input --------------------------------------------------------------------------------

describe('resolution decider: BAD_USER_INPUT', () => {
  it.each<[string, Partial<Payload<'DraftResolution'>>, RegExp]>([
    ['blank title', { title: '  ' }, /^title:/],
    ['unknown kind', { kind: 'PLAN' as never }, /^kind:/],
    ['termEnd not after termStart', { termEnd: 2020 }, /^termEnd:/],
    ['termStart not a year', { termStart: 20.5 }, /^termStart:/],
  ])('draft: %s', (_name, over, field) =>
    given([]).when(draftResolution(over)).thenThrows(BadUserInput, field),
  );

  it.each<[string, Partial<Payload<'DefineTarget'>>, RegExp]>([
    ['blank code', { code: ' ' }, /^code:/],
    ['Vietnamese decimal comma', { targetValue: '1,2' }, /^targetValue:/],
    ['thousands dot is not a decimal here', { baseline: '3.700.000' }, /^baseline:/],
    ['dueYear equal to baselineYear', { dueYear: 2020 }, /^dueYear:/],
    ['dueYear before baselineYear', { dueYear: 2019 }, /^dueYear:/],
    ['unknown comparison', { comparison: 'ABOUT' as never }, /^comparison:/],
    ['unknown kind', { kind: 'MEDIAN' as never }, /^kind:/],
  ])('defineTarget: %s', (_name, over, field) =>
    given(DRAFT).when(defineTarget(over)).thenThrows(BadUserInput, field),
  );

  it('returnToDraft needs a reason', () =>
    given(IN_REVIEW)
      .when(returnToDraft({ reason: ' ' }))
      .thenThrows(BadUserInput, /^reason:/));

  it('issue needs a real date', () =>
    given(IN_REVIEW)
      .when(issueResolution({ issuedOn: '2021-02-30' }))
      .thenThrows(BadUserInput, /^issuedOn:/));

  it('amending an unknown target', () =>
    given(ISSUED)
      .when(amendTarget({ targetId: 't-x' }))
      .thenThrows(BadUserInput, /^targetId:/));

  it('amending the due year to the baseline year', () =>
    given(ISSUED)
      .when(amendTarget({ dueYear: 2020 }))
      .thenThrows(BadUserInput, /^dueYear:/));

  it.each<[string, Partial<Payload<'HoldReview'>>, RegExp]>([
    ['heldOn before issuedOn', { heldOn: '2020-12-14' }, /^heldOn: must not be before/],
    ['heldOn in the future', { heldOn: '2023-06-02' }, /^heldOn: must not be in the future/],
    ['heldOn not a date', { heldOn: '20-05-2023' }, /^heldOn:/],
    [
      'coversThroughYear before the term',
      { coversThroughYear: 2019 },
      /^coversThroughYear: .*term/,
    ],
    [
      'coversThroughYear after the term',
      { heldOn: '2023-05-20', coversThroughYear: 2026 },
      /^coversThroughYear: .*term/,
    ],
    [
      "coversThroughYear after heldOn's year",
      { heldOn: '2022-12-31', coversThroughYear: 2023 },
      /^coversThroughYear: .*heldOn/,
    ],
  ])('hold a review: %s', (_name, over, field) => {
    given(IN_IMPLEMENTATION).when(holdMidterm(over)).thenThrows(BadUserInput, field);
    given(MIDTERM_REVIEWED).when(holdFinal(over)).thenThrows(BadUserInput, field);
  });

  it('a supervision visit in the future', () =>
    given(ISSUED)
      .when(recordSupervisionVisit({ visitedOn: '2023-06-02' }))
      .thenThrows(BadUserInput, /^visitedOn:/));

  it('a blank directive of a supervision visit names its index', () =>
    given(ISSUED)
      .when(recordSupervisionVisit({ directives: ['ok', ' '] }))
      .thenThrows(BadUserInput, /^directives\[1\]:/));
});

// ---- the review round: handling opinions later (tiếp thu, giải trình) -------------------------

describe('resolution decider: review round', () => {
  const OPEN = [...IN_REVIEW, e.opinion('op-open')];

  it('handles an opinion recorded without a handling (response trimmed)', () =>
    given(OPEN)
      .when(recordOpinionHandling())
      .then([e.handled('op-open')]));

  it('handles an opinion after the draft was returned (DRAFT)', () =>
    given([...OPEN, e.returned()])
      .when(recordOpinionHandling({ handling: 'ACCEPTED', response: 'Đã sửa' }))
      .then([
        {
          type: 'ReviewOpinionHandled',
          data: { resolutionId: R, opinionId: 'op-open', handling: 'ACCEPTED', response: 'Đã sửa' },
        },
      ]));

  it('an opinion handled later cannot be handled again', () =>
    given([...OPEN, e.handled('op-open')])
      .when(recordOpinionHandling())
      .thenThrows(InvalidTransition, /already has a handling/));

  it('an opinion recorded with its handling cannot be handled again', () =>
    given([...IN_REVIEW, e.opinion('op-open', true)])
      .when(recordOpinionHandling())
      .thenThrows(InvalidTransition, /already has a handling/));

  it('an unknown opinionId is BAD_USER_INPUT naming opinionId', () =>
    given(OPEN)
      .when(recordOpinionHandling({ opinionId: 'op-x' }))
      .thenThrows(BadUserInput, /^opinionId:/));

  it('the wrong status comes before the unknown opinionId', () =>
    given(ISSUED)
      .when(recordOpinionHandling({ opinionId: 'op-x' }))
      .thenThrows(InvalidTransition, /while ISSUED$/));

  it.each<[string, Partial<Payload<'RecordOpinionHandling'>>, RegExp]>([
    ['a blank response', { response: '  ' }, /^response:/],
    ['an unknown handling', { handling: 'IGNORED' as never }, /^handling:/],
    ['a blank opinionId', { opinionId: ' ' }, /^opinionId:/],
  ])('%s is BAD_USER_INPUT (shape, before the state)', (_name, over, field) => {
    given(OPEN).when(recordOpinionHandling(over)).thenThrows(BadUserInput, field);
    given([]).when(recordOpinionHandling(over)).thenThrows(BadUserInput, field);
  });

  it('only the secretariat handles opinions', () =>
    given(OPEN)
      .when(recordOpinionHandling({ actor: STANDING }))
      .thenThrows(Forbidden, /may not RecordOpinionHandling/));

  it('issue is refused while an opinion has no handling', () =>
    given([...OPEN, e.opinion('op-done', true)])
      .when(issueResolution())
      .thenThrows(InvalidTransition, /issue while a review opinion has no handling/));

  it('issue succeeds once every opinion is handled', () =>
    given([...OPEN, e.opinion('op-done', true), e.handled('op-open')])
      .when(issueResolution())
      .then([e.issued()]));

  it('an opinion left open across a return to draft still blocks the issue', () =>
    given([...OPEN, e.returned(), e.submitted()])
      .when(issueResolution())
      .thenThrows(InvalidTransition, /no handling/));
});

// ---- terms ------------------------------------------------------------------------------------

describe('resolution decider: terms', () => {
  const single = (kind: Payload<'DraftResolution'>['kind']) =>
    draftResolution({ kind, termStart: 2024, termEnd: 2024 });

  it.each(['ANNUAL', 'CONCLUSION', 'THEMATIC', 'ACTION_PROGRAMME', 'DIRECTIVE'] as const)(
    'a %s may cover a single year',
    (kind) =>
      given([])
        .when(single(kind))
        .then([
          {
            type: 'ResolutionDrafted',
            data: {
              resolutionId: R,
              title: 'Nghị quyết Đại hội Đảng bộ thành phố',
              kind,
              termStart: 2024,
              termEnd: 2024,
              parentId: null,
              summary: null,
            },
          },
        ]),
  );

  it('a CONGRESS term needs termEnd after termStart', () =>
    given([])
      .when(single('CONGRESS'))
      .thenThrows(BadUserInput, /^termEnd: must be after termStart/));

  it.each(['CONGRESS', 'ANNUAL'] as const)('a %s term may not end before it starts', (kind) =>
    given([])
      .when(draftResolution({ kind, termStart: 2024, termEnd: 2023 }))
      .thenThrows(BadUserInput, /^termEnd:/),
  );
});

// ---- supersede --------------------------------------------------------------------------------

describe('resolution decider: supersede', () => {
  it.each<ResolutionStatus>(['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'])(
    'a resolution in force (%s) may replace it',
    (supersededByStatus) =>
      given(IN_IMPLEMENTATION)
        .when(supersedeResolution({ supersededByStatus }))
        .then([
          {
            type: 'ResolutionSuperseded',
            data: { resolutionId: R, supersededBy: 'res-2', reason: 'new term' },
          },
        ]),
  );

  it.each<ResolutionStatus>(['DRAFT', 'IN_REVIEW', 'WITHDRAWN', 'SUPERSEDED'])(
    'a replacement that is %s is BAD_USER_INPUT naming supersededBy',
    (supersededByStatus) =>
      given(ISSUED)
        .when(supersedeResolution({ supersededByStatus }))
        .thenThrows(BadUserInput, /^supersededBy:/),
  );

  it('an unknown replacement is BAD_USER_INPUT naming supersededBy', () =>
    given(ISSUED)
      .when(supersedeResolution({ supersededByStatus: 'NONE' }))
      .thenThrows(BadUserInput, /^supersededBy: no such resolution/));

  it('a resolution cannot supersede itself', () =>
    given(ISSUED)
      .when(supersedeResolution({ supersededBy: R }))
      .thenThrows(BadUserInput, /^supersededBy: .*itself/));

  it('the wrong status comes before the replacement check', () =>
    given(DRAFT)
      .when(supersedeResolution({ supersededByStatus: 'NONE' }))
      .thenThrows(InvalidTransition, /supersede while DRAFT/));
});

// ---- provenance -------------------------------------------------------------------------------

describe('resolution decider: target source', () => {
  it('keeps the source with the target (trimmed)', () => {
    const [event] = resolutionDecider.decide(
      defineTarget({ source: ' [000] Báo Bắc Kạn, đoạn 3 ' }),
      DRAFT.reduce(evolve, initialState),
    );
    expect(event).toMatchObject({
      type: 'TargetDefined',
      data: { source: '[000] Báo Bắc Kạn, đoạn 3' },
    });
  });

  it('leaves it out when none is given or it is blank', () => {
    for (const source of [undefined, null, '  ']) {
      const [event] = resolutionDecider.decide(
        defineTarget({ source }),
        DRAFT.reduce(evolve, initialState),
      );
      expect(event.data).not.toHaveProperty('source');
    }
  });

  it('a source that is too long is BAD_USER_INPUT naming source', () =>
    given(DRAFT)
      .when(defineTarget({ source: 'x'.repeat(1001) }))
      .thenThrows(BadUserInput, /^source:/));
});

// ---- allocations ------------------------------------------------------------------------------

describe('resolution decider: allocateTarget', () => {
  const allocated = (targetId: string, allocations: Array<{ unitId: string; value: string }>) =>
    [
      { type: 'TargetAllocated', data: { resolutionId: R, targetId, allocations } },
    ] as ResolutionEvent[];

  it('splits a CUMULATIVE target across units whose values cover it, normalised', () =>
    given(HISTORY.IN_IMPLEMENTATION)
      .when(allocateTarget())
      .then(
        allocated('t-2', [
          { unitId: 'p-dx', value: '200' },
          { unitId: 'x-dq', value: '250' },
        ]),
      ));

  it('CUMULATIVE AT_LEAST: more than the target is fine, less is BAD_USER_INPUT naming allocations', () => {
    given(HISTORY.DRAFT)
      .when(allocateTarget({ allocations: [{ unitId: 'a', value: '500' }] }))
      .then(allocated('t-2', [{ unitId: 'a', value: '500' }]));
    given(HISTORY.DRAFT)
      .when(allocateTarget({ allocations: [{ unitId: 'a', value: '449.9' }] }))
      .thenThrows(BadUserInput, /add up to 449.9, less than the target value 450/);
  });

  it('CUMULATIVE AT_MOST: the values must add up to at most the target', () => {
    const atMost = { ...T2, targetId: 't-3', comparison: 'AT_MOST' as const, targetValue: '10' };
    const history = [...HISTORY.DRAFT, e.targetDefined(atMost)];
    given(history)
      .when(allocateTarget({ targetId: 't-3', allocations: [{ unitId: 'a', value: '10' }] }))
      .then(allocated('t-3', [{ unitId: 'a', value: '10' }]));
    given(history)
      .when(allocateTarget({ targetId: 't-3', allocations: [{ unitId: 'a', value: '10.5' }] }))
      .thenThrows(BadUserInput, /more than the target value 10/);
  });

  it("for the other kinds each value is the unit's own target (no sum rule)", () =>
    given(HISTORY.ISSUED)
      .when(allocateTarget({ targetId: 't-1', allocations: [{ unitId: 'a', value: '1' }] }))
      .then(allocated('t-1', [{ unitId: 'a', value: '1' }])));

  it('a unit listed twice or a value that is not a decimal names allocations', () => {
    given(HISTORY.DRAFT)
      .when(
        allocateTarget({
          allocations: [
            { unitId: 'a', value: '300' },
            { unitId: ' a', value: '300' },
          ],
        }),
      )
      .thenThrows(BadUserInput, /listed twice/);
    for (const value of ['1,5', ' 2', '1e3', ''])
      given(HISTORY.DRAFT)
        .when(allocateTarget({ allocations: [{ unitId: 'a', value }] }))
        .thenThrows(BadUserInput, /allocations/);
  });

  it('an unknown targetId is state-dependent BAD_USER_INPUT naming targetId, after INVALID_TRANSITION', () => {
    given(HISTORY.DRAFT)
      .when(allocateTarget({ targetId: 't-x' }))
      .thenThrows(BadUserInput, /targetId/);
    given(HISTORY.FINAL_EVALUATED)
      .when(allocateTarget({ targetId: 't-x' }))
      .thenThrows(InvalidTransition);
  });

  it('an empty list clears the allocation of a non-cumulative target', () =>
    given(HISTORY.DRAFT)
      .when(allocateTarget({ targetId: 't-1', allocations: [] }))
      .then(allocated('t-1', [])));
});

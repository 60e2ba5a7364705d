import { assessTarget, type Observation, type TargetSpec } from '../../assessment/assessment';
import { BadUserInput, Forbidden, InvalidTransition, NotFound } from '../../shared/domain-errors';
import { ROLES, SYSTEM_ACTOR, type Actor, type CommandContext, type Role } from '../shared/actor';
import { deciderSpec } from '../shared/decider-spec';
import type { ReviewCommand } from './review.commands';
import { reviewDecider } from './review.decider';
import type { ReviewEvent, ReviewItemData, ReviewKind } from './review.events';

// ---- actors, context, commands ----------------------------------------------------------------

const REVIEW = 'rev-mid';
const R = 'res-1';
const TODAY = '2023-06-01';
const actor = (role: Role): Actor => ({ id: `user-${role}`, role, unitId: 'u-1' });
const STANDING = actor('STANDING_COMMITTEE');

type Type = ReviewCommand['type'];
type Payload<T extends Type> = Omit<
  Extract<ReviewCommand, { type: T }>,
  'type' | keyof CommandContext
>;
type Overrides<T extends Type> = Partial<Payload<T>> & Partial<CommandContext>;

const CONTEXT: CommandContext = { actor: STANDING, at: `${TODAY}T03:00:00.000Z`, today: TODAY };

function command<T extends Type>(type: T, defaults: Payload<T>) {
  return (over: Overrides<T> = {}): ReviewCommand =>
    ({ ...CONTEXT, type, ...defaults, ...over }) as unknown as ReviewCommand;
}

/** Budget revenue: LEVEL, 150 (2020) → 200 (2025). */
const REVENUE: TargetSpec = {
  id: 't-1',
  kind: 'LEVEL',
  comparison: 'AT_LEAST',
  baseline: '150',
  baselineYear: 2020,
  targetValue: '200',
  dueYear: 2025,
};
/** Party members admitted: CUMULATIVE, 450 over the term. */
const MEMBERS: TargetSpec = {
  id: 't-2',
  kind: 'CUMULATIVE',
  comparison: 'AT_LEAST',
  baseline: null,
  baselineYear: 2020,
  targetValue: '450',
  dueYear: 2025,
};
/** Poverty rate: LEVEL, AT_MOST, 3.5% (2020) → 1.2% (2025). */
const POVERTY: TargetSpec = {
  id: 't-3',
  kind: 'LEVEL',
  comparison: 'AT_MOST',
  baseline: '3.5',
  baselineYear: 2020,
  targetValue: '1.2',
  dueYear: 2025,
};

let position = 0;
const obs = (targetId: string, year: number, value: string, unitKey = 'unit:u-1'): Observation => {
  position += 1;
  return { targetId, year, value, unitKey, eventId: `ev-${position}`, position: String(position) };
};

const openReviewAs = command('OpenReview', {
  reviewId: REVIEW,
  resolutionId: R,
  kind: 'MIDTERM',
  heldOn: '2023-05-20',
  coversThroughYear: 2022,
  asOfPosition: '100',
  targets: [REVENUE, MEMBERS],
  observations: [],
});
/** The review-opening process sends it, as SYSTEM. */
const openReview = (over: Overrides<'OpenReview'> = {}) =>
  openReviewAs({ actor: SYSTEM_ACTOR, ...over });
const assess = command('AssessTarget', {
  targetId: 't-2',
  assessment: 'ON_SCHEDULE',
  justification: ' admissions are seasonal ',
});
const conclude = command('ConcludeReview', {
  conclusions: ' 18/30 targets achieved or exceeded ',
  directives: [' speed up OCOP ', 'review poverty data'],
});
const EVERY_COMMAND: Record<Type, (over?: Overrides<Type>) => ReviewCommand> = {
  OpenReview: openReview,
  AssessTarget: assess,
  ConcludeReview: conclude,
};

// ---- events -----------------------------------------------------------------------------------

const ids = { reviewId: REVIEW, resolutionId: R };
const held = (
  items: ReviewItemData[],
  targets: TargetSpec[] = [REVENUE, MEMBERS],
  kind: ReviewKind = 'MIDTERM',
): ReviewEvent => ({
  type: 'ReviewHeld',
  data: {
    ...ids,
    kind,
    heldOn: '2023-05-20',
    coversThroughYear: 2022,
    asOfPosition: '100',
    targets,
    items,
  },
});
const NO_ITEMS: ReviewItemData[] = [
  { targetId: 't-1', value: null, computed: 'NO_DATA', evidenceEventIds: [] },
  { targetId: 't-2', value: null, computed: 'NO_DATA', evidenceEventIds: [] },
];
const assessed = (): ReviewEvent => ({
  type: 'TargetAssessed',
  data: {
    ...ids,
    targetId: 't-2',
    assessment: 'ON_SCHEDULE',
    justification: 'admissions are seasonal',
  },
});
const concluded = (): ReviewEvent => ({
  type: 'ReviewConcluded',
  data: {
    ...ids,
    conclusions: '18/30 targets achieved or exceeded',
    directives: ['speed up OCOP', 'review poverty data'],
  },
});

const OPEN = [held(NO_ITEMS)];
const CONCLUDED = [...OPEN, concluded()];

const given = deciderSpec(reviewDecider);

// ---- happy paths ------------------------------------------------------------------------------

describe('review decider: happy paths', () => {
  it('holds a review: one target MET, one NO_DATA, items from assessTarget', () => {
    const observations = [obs('t-1', 2021, '180'), obs('t-1', 2022, '200.0')];
    given([])
      .when(openReview({ observations }))
      .then([
        held([
          {
            targetId: 't-1',
            value: '200',
            computed: 'MET',
            evidenceEventIds: [observations[1].eventId],
          },
          { targetId: 't-2', value: null, computed: 'NO_DATA', evidenceEventIds: [] },
        ]),
      ]);
  });

  it('the items are exactly what assessTarget computes over the given observations', () => {
    const observations = [
      obs('t-1', 2021, '170'),
      obs('t-2', 2021, '90', 'unit:u-1'),
      obs('t-2', 2022, '100', 'unit:u-2'),
      obs('t-3', 2022, '2.5'),
      obs('t-1', 2023, '250'), // after coversThroughYear: not counted
    ];
    const targets = [REVENUE, MEMBERS, POVERTY];
    const expected = targets.map((t) => {
      const a = assessTarget(t, observations, 2022);
      return {
        targetId: t.id,
        value: a.value,
        computed: a.assessment,
        evidenceEventIds: a.evidenceEventIds,
      };
    });
    // t-1: 170 is exactly on the path 150 + 50 × 2/5; t-2: 90 + 100 = 190 ≥ 450 × 2/5 = 180;
    // t-3: 2.5 ≤ 3.5 − 2.3 × 2/5 = 2.58. The 2023 value is after coversThroughYear.
    expect(expected.map((i) => [i.value, i.computed])).toEqual([
      ['170', 'ON_SCHEDULE'],
      ['190', 'ON_SCHEDULE'],
      ['2.5', 'ON_SCHEDULE'],
    ]);
    given([])
      .when(openReview({ targets, observations }))
      .then([held(expected, targets)]);
  });

  it('a target behind its path, and one exceeded', () => {
    const observations = [obs('t-1', 2022, '160'), obs('t-3', 2022, '1.1')];
    given([])
      .when(openReview({ targets: [REVENUE, POVERTY], observations }))
      .then([
        held(
          [
            {
              targetId: 't-1',
              value: '160',
              computed: 'BEHIND',
              evidenceEventIds: [observations[0].eventId],
            },
            {
              targetId: 't-3',
              value: '1.1',
              computed: 'EXCEEDED',
              evidenceEventIds: [observations[1].eventId],
            },
          ],
          [REVENUE, POVERTY],
        ),
      ]);
  });

  it('holds a final evaluation with no targets', () =>
    given([])
      .when(openReview({ kind: 'FINAL', targets: [] }))
      .then([held([], [], 'FINAL')]));

  it('overrides an assessment with a trimmed justification', () =>
    given(OPEN).when(assess()).then([assessed()]));

  it('an override does not close the review: a second override and the conclusion follow', () => {
    given([...OPEN, assessed()])
      .when(assess({ targetId: 't-1', assessment: 'MET', justification: 'verified figure' }))
      .then([
        {
          type: 'TargetAssessed',
          data: { ...ids, targetId: 't-1', assessment: 'MET', justification: 'verified figure' },
        },
      ]);
    given([...OPEN, assessed()])
      .when(conclude())
      .then([concluded()]);
  });

  it.each(['EXCEEDED', 'MET', 'ON_SCHEDULE', 'BEHIND'] as const)(
    'may override to %s',
    (assessment) =>
      given(OPEN)
        .when(assess({ assessment }))
        .then([
          {
            type: 'TargetAssessed',
            data: { ...ids, targetId: 't-2', assessment, justification: 'admissions are seasonal' },
          },
        ]),
  );

  it('concludes an open review (text trimmed)', () =>
    given(OPEN).when(conclude()).then([concluded()]));

  it('concludes with no directives', () =>
    given(OPEN)
      .when(conclude({ directives: [] }))
      .then([
        {
          type: 'ReviewConcluded',
          data: { ...ids, conclusions: '18/30 targets achieved or exceeded', directives: [] },
        },
      ]));
});

// ---- refused transitions ----------------------------------------------------------------------

describe('review decider: INVALID_TRANSITION', () => {
  it.each([
    ['OPEN', OPEN],
    ['CONCLUDED', CONCLUDED],
  ] as const)('holding an existing review (%s) again', (status, history) =>
    given([...history])
      .when(openReview())
      .thenThrows(InvalidTransition, new RegExp(`review ${status}$`)),
  );

  it('assessing a concluded review', () =>
    given(CONCLUDED)
      .when(assess())
      .thenThrows(InvalidTransition, /assess a target while review CONCLUDED/));

  it('concluding twice', () =>
    given(CONCLUDED)
      .when(conclude())
      .thenThrows(InvalidTransition, /conclude while review CONCLUDED/));

  it('a concluded review refuses even an override of an unknown target with INVALID_TRANSITION', () =>
    given(CONCLUDED)
      .when(assess({ targetId: 't-9' }))
      .thenThrows(InvalidTransition));
});

// ---- roles ------------------------------------------------------------------------------------

describe('review decider: FORBIDDEN', () => {
  const others = ROLES.filter((r) => r !== 'STANDING_COMMITTEE');
  const types = Object.keys(EVERY_COMMAND) as Type[];
  const history: Record<Type, ReviewEvent[]> = {
    OpenReview: [],
    AssessTarget: OPEN,
    ConcludeReview: OPEN,
  };

  it('only the standing committee is allowed; AUDITOR and INTEGRATION are among the refused', () =>
    expect(others).toEqual(
      expect.arrayContaining(['AUDITOR', 'INTEGRATION', 'SECRETARIAT', 'MEMBER', 'UNIT_REPORTER']),
    ));

  it.each(types.flatMap((type) => others.map((role) => [type, role] as const)))(
    '%s is refused to %s',
    (type, role) =>
      given(history[type])
        .when(EVERY_COMMAND[type]({ actor: actor(role) }))
        .thenThrows(Forbidden, new RegExp(`${role} may not ${type}`)),
  );

  it('no person opens a review: the standing committee holds it on the resolution', () =>
    given([])
      .when(openReview({ actor: STANDING }))
      .thenThrows(Forbidden, /STANDING_COMMITTEE may not OpenReview/));

  it('role refusal wins over an override to NO_DATA with a blank justification', () =>
    given(OPEN)
      .when(assess({ actor: actor('SECRETARIAT'), assessment: 'NO_DATA', justification: ' ' }))
      .thenThrows(Forbidden, /SECRETARIAT may not AssessTarget/));

  it('role refusal wins over NOT_FOUND and INVALID_TRANSITION', () => {
    given([])
      .when(conclude({ actor: actor('AUDITOR') }))
      .thenThrows(Forbidden);
    given(CONCLUDED)
      .when(conclude({ actor: actor('INTEGRATION') }))
      .thenThrows(Forbidden);
  });
});

// ---- existence --------------------------------------------------------------------------------

describe('review decider: NOT_FOUND', () => {
  it.each<Type>(['AssessTarget', 'ConcludeReview'])('%s on a missing review', (type) =>
    given([])
      .when(EVERY_COMMAND[type]())
      .thenThrows(NotFound, /review not found/),
  );
});

// ---- bad input --------------------------------------------------------------------------------

describe('review decider: BAD_USER_INPUT', () => {
  it('an override to NO_DATA', () =>
    given(OPEN)
      .when(assess({ assessment: 'NO_DATA' }))
      .thenThrows(BadUserInput, /^assessment: .*NO_DATA/));

  it('an unknown assessment', () =>
    given(OPEN)
      .when(assess({ assessment: 'PARTLY' as never }))
      .thenThrows(BadUserInput, /^assessment:/));

  it.each(['', '   '])('a blank justification (%j)', (justification) =>
    given(OPEN)
      .when(assess({ justification }))
      .thenThrows(BadUserInput, /^justification:/),
  );

  it('a target of another resolution (not in the review)', () =>
    given(OPEN)
      .when(assess({ targetId: 't-of-res-2' }))
      .thenThrows(BadUserInput, /^targetId:/));

  it('blank conclusions', () =>
    given(OPEN)
      .when(conclude({ conclusions: ' ' }))
      .thenThrows(BadUserInput, /^conclusions:/));

  it('a blank directive names its index', () =>
    given(OPEN)
      .when(conclude({ directives: ['ok', ''] }))
      .thenThrows(BadUserInput, /^directives\[1\]:/));
});

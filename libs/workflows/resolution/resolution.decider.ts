import { BadUserInput, InvalidTransition, NotFound } from '../../shared/domain-errors';
import { Decimal, formatDecimal, isDecimalString, parseDecimal } from '../../shared/decimal';
import {
  optionalText,
  requireDate,
  requireDecimal,
  requireRole,
  requireText,
  requireYear,
  yearOf,
} from '../shared/guards';
import { SYSTEM_ROLE, type ActorRole } from '../shared/actor';
import type { ResolutionCommand } from './resolution.commands';
import {
  RESOLUTION_KINDS,
  type ResolutionEvent,
  type ResolutionKind,
  type ResolutionStatus,
  type TargetDefinition,
} from './resolution.events';
import { ASSIGNABLE, DRAFTING, IN_FORCE } from './resolution-status';

export interface ResolutionState {
  status: 'NONE' | ResolutionStatus;
  id: string | null;
  kind: ResolutionKind | null;
  termStart: number;
  termEnd: number;
  issuedOn: string | null;
  /** Targets by id, in definition order. */
  targets: Map<string, TargetDefinition>;
  midtermReviewId: string | null;
  finalReviewId: string | null;
  /** Review opinions by id, in the order given: whether each has a handling yet. */
  opinions: Map<string, boolean>;
}

export const initialState: ResolutionState = {
  status: 'NONE',
  id: null,
  kind: null,
  termStart: 0,
  termEnd: 0,
  issuedOn: null,
  targets: new Map(),
  midtermReviewId: null,
  finalReviewId: null,
  opinions: new Map(),
};

const HANDLINGS = ['ACCEPTED', 'EXPLAINED'];
const KINDS = ['LEVEL', 'CUMULATIVE', 'AVERAGE_RATE', 'EVERY_YEAR'];
const COMPARISONS = ['AT_LEAST', 'AT_MOST'];
const SECRETARIAT: ActorRole[] = ['SECRETARIAT'];
const DRAFTERS_AND_STANDING: ActorRole[] = ['SECRETARIAT', 'STANDING_COMMITTEE'];
const STANDING: ActorRole[] = ['STANDING_COMMITTEE'];

export const RESOLUTION_ROLES: Record<ResolutionCommand['type'], ActorRole[]> = {
  DraftResolution: SECRETARIAT,
  ReviseDraft: SECRETARIAT,
  DefineTarget: SECRETARIAT,
  SubmitForReview: DRAFTERS_AND_STANDING,
  RecordReviewOpinion: ['SECRETARIAT', 'STANDING_COMMITTEE', 'MEMBER'],
  RecordOpinionHandling: SECRETARIAT,
  ReturnToDraft: DRAFTERS_AND_STANDING,
  IssueResolution: STANDING,
  AmendTarget: STANDING,
  AllocateTarget: STANDING,
  WithdrawResolution: STANDING,
  SupersedeResolution: STANDING,
  StartImplementation: [SYSTEM_ROLE],
  HoldReview: STANDING,
  RecordSupervisionVisit: STANDING,
};

/** Role and shape: checked before any state is read, so a refused caller learns nothing. */
export function authorize(cmd: ResolutionCommand): void {
  requireRole(cmd.actor, RESOLUTION_ROLES[cmd.type], cmd.type);
  switch (cmd.type) {
    case 'DraftResolution': {
      requireText('title', cmd.title, 1000);
      if (!RESOLUTION_KINDS.includes(cmd.kind)) throw new BadUserInput('kind', 'unknown kind');
      requireYear('termStart', cmd.termStart);
      requireYear('termEnd', cmd.termEnd);
      // A congress term spans years; the other kinds (annual, a conclusion, …) may cover one.
      if (cmd.kind === 'CONGRESS' && cmd.termEnd <= cmd.termStart)
        throw new BadUserInput('termEnd', 'must be after termStart for a CONGRESS term');
      if (cmd.termEnd < cmd.termStart)
        throw new BadUserInput('termEnd', 'must not be before termStart');
      optionalText('summary', cmd.summary);
      return;
    }
    case 'ReviseDraft':
      if (cmd.title !== undefined) requireText('title', cmd.title, 1000);
      optionalText('summary', cmd.summary);
      return;
    case 'DefineTarget': {
      requireText('code', cmd.code, 50);
      requireText('group', cmd.group, 200);
      requireText('name', cmd.name, 1000);
      requireText('unit', cmd.unit, 50);
      if (!KINDS.includes(cmd.kind)) throw new BadUserInput('kind', 'unknown target kind');
      if (!COMPARISONS.includes(cmd.comparison))
        throw new BadUserInput('comparison', 'unknown comparison');
      if (cmd.baseline !== null) requireDecimal('baseline', cmd.baseline);
      requireDecimal('targetValue', cmd.targetValue);
      requireYear('baselineYear', cmd.baselineYear);
      requireYear('dueYear', cmd.dueYear);
      if (cmd.dueYear <= cmd.baselineYear)
        throw new BadUserInput('dueYear', 'must be after baselineYear');
      optionalText('source', cmd.source, 1000);
      return;
    }
    case 'RecordReviewOpinion':
      requireText('givenBy', cmd.givenBy, 200);
      requireText('opinion', cmd.opinion);
      optionalText('response', cmd.response);
      return;
    case 'RecordOpinionHandling':
      requireText('opinionId', cmd.opinionId, 200);
      if (!HANDLINGS.includes(cmd.handling))
        throw new BadUserInput('handling', 'must be ACCEPTED or EXPLAINED');
      requireText('response', cmd.response);
      return;
    case 'ReturnToDraft':
      requireText('reason', cmd.reason);
      return;
    case 'IssueResolution':
      requireText('code', cmd.code, 100);
      requireDate('issuedOn', cmd.issuedOn);
      requireText('signedBy', cmd.signedBy, 200);
      return;
    case 'AmendTarget':
      requireDecimal('targetValue', cmd.targetValue);
      if (cmd.dueYear !== undefined) requireYear('dueYear', cmd.dueYear);
      requireText('reason', cmd.reason);
      return;
    case 'AllocateTarget': {
      requireText('targetId', cmd.targetId, 200);
      if (!Array.isArray(cmd.allocations))
        throw new BadUserInput('allocations', 'must be a list of units and values');
      const units = new Set<string>();
      cmd.allocations.forEach((a, i) => {
        requireText(`allocations[${i}].unitId`, a.unitId, 200);
        if (!isDecimalString(a.value))
          throw new BadUserInput('allocations', `allocations[${i}].value must be a decimal string`);
        if (units.has(a.unitId.trim()))
          throw new BadUserInput('allocations', `unit ${a.unitId.trim()} is listed twice`);
        units.add(a.unitId.trim());
      });
      return;
    }
    case 'WithdrawResolution':
      requireText('reason', cmd.reason);
      return;
    case 'SupersedeResolution':
      requireText('supersededBy', cmd.supersededBy, 200);
      requireText('reason', cmd.reason);
      return;
    case 'HoldReview':
      requireDate('heldOn', cmd.heldOn);
      requireYear('coversThroughYear', cmd.coversThroughYear);
      return;
    case 'RecordSupervisionVisit':
      requireDate('visitedOn', cmd.visitedOn);
      requireText('body', cmd.body, 500);
      requireText('findings', cmd.findings);
      cmd.conclusions.forEach((c, i) => requireText(`conclusions[${i}]`, c));
      cmd.directives.forEach((d, i) => requireText(`directives[${i}]`, d));
      return;
    default:
      return;
  }
}

/** Existence: every command but DraftResolution needs the resolution to exist. */
export function checkAccess(cmd: ResolutionCommand, state: ResolutionState): void {
  if (cmd.type === 'DraftResolution') return;
  if (state.status === 'NONE') throw new NotFound('resolution not found');
}

function requireStatus(
  state: ResolutionState,
  allowed: readonly ResolutionStatus[],
  action: string,
): void {
  if (state.status === 'NONE' || !allowed.includes(state.status))
    throw new InvalidTransition(action, state.status);
}

export function decide(cmd: ResolutionCommand, state: ResolutionState): ResolutionEvent[] {
  // authorize and checkAccess have run (the runner's order: they come before the replay check).
  const resolutionId = state.id as string;
  switch (cmd.type) {
    case 'DraftResolution':
      if (state.status !== 'NONE') throw new InvalidTransition('draft', state.status);
      return [
        {
          type: 'ResolutionDrafted',
          data: {
            resolutionId: cmd.resolutionId,
            title: cmd.title.trim(),
            kind: cmd.kind,
            termStart: cmd.termStart,
            termEnd: cmd.termEnd,
            parentId: cmd.parentId,
            summary: cmd.summary,
          },
        },
      ];
    case 'ReviseDraft':
      requireStatus(state, ['DRAFT'], 'revise the draft');
      return [
        {
          type: 'DraftRevised',
          data: { resolutionId, title: cmd.title?.trim(), summary: cmd.summary },
        },
      ];
    case 'DefineTarget': {
      requireStatus(state, DRAFTING, 'define a target');
      const code = cmd.code.trim();
      const existing = [...state.targets.values()].find((t) => t.code === code);
      return [
        {
          type: 'TargetDefined',
          data: {
            resolutionId,
            targetId: existing?.targetId ?? cmd.newTargetId,
            code,
            group: cmd.group.trim(),
            name: cmd.name.trim(),
            unit: cmd.unit.trim(),
            kind: cmd.kind,
            comparison: cmd.comparison,
            baseline: cmd.baseline === null ? null : normalize(cmd.baseline),
            baselineYear: cmd.baselineYear,
            targetValue: normalize(cmd.targetValue),
            dueYear: cmd.dueYear,
            ...(cmd.source?.trim() ? { source: cmd.source.trim() } : {}),
          },
        },
      ];
    }
    case 'SubmitForReview':
      requireStatus(state, ['DRAFT'], 'submit for review');
      return [{ type: 'ResolutionSubmittedForReview', data: { resolutionId } }];
    case 'RecordReviewOpinion':
      requireStatus(state, ['IN_REVIEW'], 'record a review opinion');
      return [
        {
          type: 'ReviewOpinionRecorded',
          data: {
            resolutionId,
            opinionId: cmd.opinionId,
            givenBy: cmd.givenBy.trim(),
            opinion: cmd.opinion.trim(),
            handling: cmd.handling,
            response: cmd.response,
          },
        },
      ];
    case 'RecordOpinionHandling': {
      requireStatus(state, DRAFTING, 'handle a review opinion');
      const handled = state.opinions.get(cmd.opinionId);
      if (handled === true)
        throw new InvalidTransition('handle a review opinion', 'it already has a handling');
      if (handled === undefined)
        throw new BadUserInput('opinionId', 'not a review opinion of this resolution');
      return [
        {
          type: 'ReviewOpinionHandled',
          data: {
            resolutionId,
            opinionId: cmd.opinionId,
            handling: cmd.handling,
            response: cmd.response.trim(),
          },
        },
      ];
    }
    case 'ReturnToDraft':
      requireStatus(state, ['IN_REVIEW'], 'return to draft');
      return [
        { type: 'ResolutionReturnedToDraft', data: { resolutionId, reason: cmd.reason.trim() } },
      ];
    case 'IssueResolution':
      requireStatus(state, ['IN_REVIEW'], 'issue');
      // Every opinion is accepted or explained before a resolution is issued.
      if ([...state.opinions.values()].some((handled) => !handled))
        throw new InvalidTransition('issue', 'a review opinion has no handling');
      return [
        {
          type: 'ResolutionIssued',
          data: {
            resolutionId,
            code: cmd.code.trim(),
            issuedOn: cmd.issuedOn,
            signedBy: cmd.signedBy.trim(),
          },
        },
      ];
    case 'AmendTarget': {
      requireStatus(state, ASSIGNABLE, 'amend a target');
      const target = state.targets.get(cmd.targetId);
      if (!target) throw new BadUserInput('targetId', 'not a target of this resolution');
      const dueYear = cmd.dueYear ?? target.dueYear;
      if (dueYear <= target.baselineYear)
        throw new BadUserInput('dueYear', 'must be after baselineYear');
      return [
        {
          type: 'TargetAmended',
          data: {
            resolutionId,
            targetId: target.targetId,
            previousTargetValue: target.targetValue,
            targetValue: normalize(cmd.targetValue),
            previousDueYear: target.dueYear,
            dueYear,
            reason: cmd.reason.trim(),
          },
        },
      ];
    }
    case 'AllocateTarget': {
      requireStatus(state, [...DRAFTING, ...ASSIGNABLE], 'allocate a target');
      const target = state.targets.get(cmd.targetId);
      if (!target) throw new BadUserInput('targetId', 'not a target of this resolution');
      const allocations = cmd.allocations.map((a) => ({
        unitId: a.unitId.trim(),
        value: normalize(a.value),
      }));
      // CUMULATIVE: the units' shares must cover the target (at most it, for AT_MOST); for the
      // other kinds each value is that unit's own target.
      if (target.kind === 'CUMULATIVE') {
        const sum = allocations.reduce((s, a) => s.plus(a.value), new Decimal(0));
        const wanted = parseDecimal(target.targetValue);
        const covered = target.comparison === 'AT_MOST' ? sum.lte(wanted) : sum.gte(wanted);
        if (!covered)
          throw new BadUserInput(
            'allocations',
            `the values add up to ${formatDecimal(sum)}, ${
              target.comparison === 'AT_MOST' ? 'more' : 'less'
            } than the target value ${target.targetValue}`,
          );
      }
      return [
        { type: 'TargetAllocated', data: { resolutionId, targetId: target.targetId, allocations } },
      ];
    }
    case 'WithdrawResolution':
      requireStatus(state, DRAFTING, 'withdraw');
      return [{ type: 'ResolutionWithdrawn', data: { resolutionId, reason: cmd.reason.trim() } }];
    case 'SupersedeResolution': {
      requireStatus(state, IN_FORCE, 'supersede');
      const by = cmd.supersededBy.trim();
      if (by === resolutionId)
        throw new BadUserInput('supersededBy', 'a resolution cannot supersede itself');
      if (cmd.supersededByStatus === 'NONE')
        throw new BadUserInput('supersededBy', 'no such resolution');
      if (!IN_FORCE.includes(cmd.supersededByStatus))
        throw new BadUserInput(
          'supersededBy',
          `must be an issued resolution in force, not one ${cmd.supersededByStatus}`,
        );
      return [
        {
          type: 'ResolutionSuperseded',
          data: { resolutionId, supersededBy: by, reason: cmd.reason.trim() },
        },
      ];
    }
    case 'StartImplementation':
      // Sent by a process for every task: only the first, while ISSUED, changes anything.
      if (state.status !== 'ISSUED') return [];
      return [{ type: 'ImplementationStarted', data: { resolutionId, firstTaskId: cmd.taskId } }];
    case 'HoldReview': {
      const midterm = cmd.kind === 'MIDTERM';
      if (midterm) requireStatus(state, ['IN_IMPLEMENTATION'], 'hold a mid-term review');
      else {
        requireStatus(
          state,
          ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED'],
          'hold the final evaluation',
        );
        if (cmd.anotherReviewOpen)
          throw new InvalidTransition('hold the final evaluation', 'a review is still OPEN');
      }
      if (state.issuedOn && cmd.heldOn < state.issuedOn)
        throw new BadUserInput('heldOn', 'must not be before the resolution was issued');
      if (cmd.heldOn > cmd.today) throw new BadUserInput('heldOn', 'must not be in the future');
      if (cmd.coversThroughYear < state.termStart || cmd.coversThroughYear > state.termEnd)
        throw new BadUserInput('coversThroughYear', 'must be within the term');
      if (cmd.coversThroughYear > yearOf(cmd.heldOn))
        throw new BadUserInput('coversThroughYear', "must not be after heldOn's year");
      return [
        {
          type: midterm ? 'MidtermReviewHeld' : 'FinalEvaluationHeld',
          data: {
            resolutionId,
            reviewId: cmd.reviewId,
            heldOn: cmd.heldOn,
            coversThroughYear: cmd.coversThroughYear,
          },
        },
      ];
    }
    case 'RecordSupervisionVisit':
      requireStatus(
        state,
        ['ISSUED', 'IN_IMPLEMENTATION', 'MIDTERM_REVIEWED', 'FINAL_EVALUATED'],
        'record a supervision visit',
      );
      if (cmd.visitedOn > cmd.today)
        throw new BadUserInput('visitedOn', 'must not be in the future');
      return [
        {
          type: 'SupervisionVisitRecorded',
          data: {
            resolutionId,
            visitId: cmd.visitId,
            visitedOn: cmd.visitedOn,
            body: cmd.body.trim(),
            findings: cmd.findings.trim(),
            conclusions: cmd.conclusions,
            directives: cmd.directives,
          },
        },
      ];
  }
}

function normalize(decimal: string): string {
  return parseDecimal(decimal).toFixed();
}

export function evolve(state: ResolutionState, event: ResolutionEvent): ResolutionState {
  switch (event.type) {
    case 'ResolutionDrafted':
      return {
        ...initialState,
        status: 'DRAFT',
        id: event.data.resolutionId,
        kind: event.data.kind,
        termStart: event.data.termStart,
        termEnd: event.data.termEnd,
        targets: new Map(),
        opinions: new Map(),
      };
    case 'TargetDefined': {
      const { resolutionId: _r, ...target } = event.data;
      const targets = new Map(state.targets);
      targets.set(target.targetId, target);
      return { ...state, targets };
    }
    case 'TargetAmended': {
      const previous = state.targets.get(event.data.targetId);
      if (!previous) return state;
      const targets = new Map(state.targets);
      targets.set(previous.targetId, {
        ...previous,
        targetValue: event.data.targetValue,
        dueYear: event.data.dueYear,
      });
      return { ...state, targets };
    }
    case 'ResolutionSubmittedForReview':
      return { ...state, status: 'IN_REVIEW' };
    case 'ReviewOpinionRecorded':
    case 'ReviewOpinionHandled': {
      const opinions = new Map(state.opinions);
      opinions.set(
        event.data.opinionId,
        event.type === 'ReviewOpinionHandled' || (event.data.handling ?? null) !== null,
      );
      return { ...state, opinions };
    }
    case 'ResolutionReturnedToDraft':
      return { ...state, status: 'DRAFT' };
    case 'ResolutionIssued':
      return { ...state, status: 'ISSUED', issuedOn: event.data.issuedOn };
    case 'ResolutionWithdrawn':
      return { ...state, status: 'WITHDRAWN' };
    case 'ResolutionSuperseded':
      return { ...state, status: 'SUPERSEDED' };
    case 'ImplementationStarted':
      return { ...state, status: 'IN_IMPLEMENTATION' };
    case 'MidtermReviewHeld':
      return { ...state, status: 'MIDTERM_REVIEWED', midtermReviewId: event.data.reviewId };
    case 'FinalEvaluationHeld':
      return { ...state, status: 'FINAL_EVALUATED', finalReviewId: event.data.reviewId };
    default:
      return state;
  }
}

export const resolutionDecider = { decide, evolve, initialState, authorize, checkAccess };

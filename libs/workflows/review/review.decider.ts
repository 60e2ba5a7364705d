import { assessTarget, type Assessment } from '../../assessment/assessment';
import { BadUserInput, InvalidTransition, NotFound } from '../../shared/domain-errors';
import { SYSTEM_ROLE, type ActorRole } from '../shared/actor';
import { requireRole, requireText } from '../shared/guards';
import type { ReviewCommand } from './review.commands';
import type { ReviewEvent } from './review.events';

export interface ReviewState {
  status: 'NONE' | 'OPEN' | 'CONCLUDED';
  id: string | null;
  resolutionId: string | null;
  targetIds: Set<string>;
}

export const initialState: ReviewState = {
  status: 'NONE',
  id: null,
  resolutionId: null,
  targetIds: new Set(),
};

const ASSESSMENTS: Assessment[] = ['EXCEEDED', 'MET', 'ON_SCHEDULE', 'BEHIND', 'NO_DATA'];
/** Who may run each review command (the API checks the same table before coercing input). */
export const REVIEW_ROLES: Record<ReviewCommand['type'], ActorRole[]> = {
  // Written by the review-opening process when a review is held on the resolution.
  OpenReview: [SYSTEM_ROLE],
  AssessTarget: ['STANDING_COMMITTEE'],
  ConcludeReview: ['STANDING_COMMITTEE'],
};

export function authorize(cmd: ReviewCommand): void {
  requireRole(cmd.actor, REVIEW_ROLES[cmd.type], cmd.type);
  switch (cmd.type) {
    case 'AssessTarget':
      if (!ASSESSMENTS.includes(cmd.assessment))
        throw new BadUserInput('assessment', 'unknown assessment');
      if (cmd.assessment === 'NO_DATA')
        throw new BadUserInput('assessment', 'an override cannot be NO_DATA');
      requireText('justification', cmd.justification);
      return;
    case 'ConcludeReview':
      requireText('conclusions', cmd.conclusions);
      cmd.directives.forEach((d, i) => requireText(`directives[${i}]`, d));
      return;
    default:
      return;
  }
}

export function checkAccess(cmd: ReviewCommand, state: ReviewState): void {
  if (cmd.type !== 'OpenReview' && state.status === 'NONE') throw new NotFound('review not found');
}

export function decide(cmd: ReviewCommand, state: ReviewState): ReviewEvent[] {
  // authorize and checkAccess have run (the runner's order: they come before the replay check).
  const reviewId = state.id as string;
  const resolutionId = state.resolutionId as string;
  switch (cmd.type) {
    case 'OpenReview': {
      if (state.status !== 'NONE') throw new InvalidTransition('hold', `review ${state.status}`);
      const items = cmd.targets.map((t) => {
        const a = assessTarget(t, cmd.observations, cmd.coversThroughYear);
        return {
          targetId: t.id,
          value: a.value,
          computed: a.assessment,
          evidenceEventIds: a.evidenceEventIds,
        };
      });
      return [
        {
          type: 'ReviewHeld',
          data: {
            reviewId: cmd.reviewId,
            resolutionId: cmd.resolutionId,
            kind: cmd.kind,
            heldOn: cmd.heldOn,
            coversThroughYear: cmd.coversThroughYear,
            asOfPosition: cmd.asOfPosition,
            targets: cmd.targets,
            items,
          },
        },
      ];
    }
    case 'AssessTarget':
      if (state.status !== 'OPEN')
        throw new InvalidTransition('assess a target', `review ${state.status}`);
      if (!state.targetIds.has(cmd.targetId))
        throw new BadUserInput('targetId', 'not a target of this review');
      return [
        {
          type: 'TargetAssessed',
          data: {
            reviewId,
            resolutionId,
            targetId: cmd.targetId,
            assessment: cmd.assessment,
            justification: cmd.justification.trim(),
          },
        },
      ];
    case 'ConcludeReview':
      if (state.status !== 'OPEN')
        throw new InvalidTransition('conclude', `review ${state.status}`);
      return [
        {
          type: 'ReviewConcluded',
          data: {
            reviewId,
            resolutionId,
            conclusions: cmd.conclusions.trim(),
            directives: cmd.directives.map((d) => d.trim()),
          },
        },
      ];
  }
}

export function evolve(state: ReviewState, event: ReviewEvent): ReviewState {
  switch (event.type) {
    case 'ReviewHeld':
      return {
        status: 'OPEN',
        id: event.data.reviewId,
        resolutionId: event.data.resolutionId,
        targetIds: new Set(event.data.targets.map((t) => t.id)),
      };
    case 'ReviewConcluded':
      return { ...state, status: 'CONCLUDED' };
    default:
      return state;
  }
}

export const reviewDecider = { decide, evolve, initialState, authorize, checkAccess };

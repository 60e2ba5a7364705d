import type { Assessment, Observation, TargetSpec } from '../../assessment/assessment';
import type { CommandContext } from '../shared/actor';
import type { ReviewKind } from './review.events';

export type ReviewCommand = CommandContext &
  (
    | {
        type: 'OpenReview';
        reviewId: string;
        resolutionId: string;
        kind: ReviewKind;
        heldOn: string;
        coversThroughYear: number;
        /** The frozen evidence, gathered by the handler up to asOfPosition. */
        asOfPosition: string;
        targets: TargetSpec[];
        observations: Observation[];
      }
    | { type: 'AssessTarget'; targetId: string; assessment: Assessment; justification: string }
    | { type: 'ConcludeReview'; conclusions: string; directives: string[] }
  );

/** Events of a `review-<id>` stream (mid-term review or final evaluation). */
import type { Assessment, TargetSpec } from '../../assessment/assessment';

export type ReviewKind = 'MIDTERM' | 'FINAL';

export interface ReviewItemData {
  targetId: string;
  value: string | null;
  computed: Assessment;
  evidenceEventIds: string[];
}

export type ReviewEvent =
  | {
      type: 'ReviewHeld';
      data: {
        reviewId: string;
        resolutionId: string;
        kind: ReviewKind;
        heldOn: string;
        coversThroughYear: number;
        /** Global position of the last event of the resolution and its tasks when it was held. */
        asOfPosition: string;
        /** The target definitions as they stood, so the review can be recomputed on its own. */
        targets: TargetSpec[];
        items: ReviewItemData[];
      };
    }
  | {
      type: 'TargetAssessed';
      data: {
        reviewId: string;
        resolutionId: string;
        targetId: string;
        assessment: Assessment;
        justification: string;
      };
    }
  | {
      type: 'ReviewConcluded';
      data: { reviewId: string; resolutionId: string; conclusions: string; directives: string[] };
    };

export type ReviewEventType = ReviewEvent['type'];

import type { ReviewKind } from '../review/review.events';
import { processCommandId, type Process } from '../shared/process';
import { reviewStream } from '../shared/streams';

/** Open the review with its items, frozen on what was stored before the held event. */
export interface OpenHeldReview {
  type: 'OpenHeldReview';
  reviewId: string;
  resolutionId: string;
  kind: ReviewKind;
  heldOn: string;
  coversThroughYear: number;
  /** Evidence: the events of the resolution and its tasks at positions up to this one. */
  evidenceThrough: bigint;
}

const KIND: Record<string, ReviewKind> = {
  MidtermReviewHeld: 'MIDTERM',
  FinalEvaluationHeld: 'FINAL',
};

/** Holding a review on the resolution opens the review stream with its frozen items. */
export const reviewOpeningProcess: Process<OpenHeldReview> = {
  name: 'review-opening',
  handles: Object.keys(KIND),
  react(event) {
    const kind = KIND[event.type];
    if (!kind) return [];
    const d = event.data;
    return [
      {
        streamId: reviewStream(String(d.reviewId)),
        commandId: processCommandId(this.name, event.id),
        command: {
          type: 'OpenHeldReview',
          reviewId: String(d.reviewId),
          resolutionId: String(d.resolutionId),
          kind,
          heldOn: String(d.heldOn),
          coversThroughYear: Number(d.coversThroughYear),
          evidenceThrough: event.position - 1n,
        },
        causationId: event.id,
        correlationId: event.correlationId,
      },
    ];
  },
};

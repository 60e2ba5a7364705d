import { assessTarget, type Assessment, type Observation } from '../assessment/assessment';
import type { EventStore } from '../event-store/event-store.port';
import { observationsOf } from '../read-models/resolution-tracking.projection';
import type { ReviewDoc } from '../read-models/documents';
import { MemoryReadModel } from '../read-models/memory-read-model';
import { taskStream } from '../workflows/shared/streams';

export interface ReviewDifference {
  targetId: string;
  recorded: Assessment;
  recomputed: Assessment;
  recordedValue: string | null;
  recomputedValue: string | null;
  reason: string;
}

export interface ReviewVerification {
  matches: boolean;
  differences: ReviewDifference[];
}

/**
 * Recomputes a review from the events it was based on: the task streams of its resolution up to
 * the review's asOfPosition. Later corrections lie beyond that position and change nothing; an
 * altered or removed evidence event changes the value or the evidence list and is reported.
 */
export async function verifyReview(
  store: EventStore,
  review: ReviewDoc,
  taskIds: string[],
): Promise<ReviewVerification> {
  const asOf = BigInt(review.asOfPosition);
  const values = new MemoryReadModel();
  for await (const e of store.readAll({
    toPosition: asOf,
    filter: {
      streamIds: taskIds.map(taskStream),
      types: ['ProgressReported', 'ReportReturned'],
    },
  }))
    if (e.type === 'ProgressReported')
      values.addObservations(review.resolutionId, observationsOf(e), String(e.data.reportId));
    // Returned before the review: it did not count then (returned later: it did).
    else values.returnReport(review.resolutionId, String(e.data.reportId));
  const observations: Observation[] = values.observations(review.resolutionId);
  const differences: ReviewDifference[] = [];
  for (const item of review.items) {
    const target = review.targets.find((t) => t.id === item.targetId);
    if (!target) continue;
    const again = assessTarget(target, observations, review.coversThroughYear);
    const sameEvidence =
      again.evidenceEventIds.length === item.evidenceEventIds.length &&
      again.evidenceEventIds.every((id, i) => id === item.evidenceEventIds[i]);
    const reason =
      again.assessment !== item.computed
        ? 'assessment differs'
        : again.value !== item.value
          ? 'value differs'
          : !sameEvidence
            ? 'evidence events differ'
            : null;
    if (reason)
      differences.push({
        targetId: item.targetId,
        recorded: item.computed,
        recomputed: again.assessment,
        recordedValue: item.value,
        recomputedValue: again.value,
        reason,
      });
  }
  return { matches: differences.length === 0, differences };
}

import { processSpec, storedEvent } from '../shared/process-spec';
import { reviewOpeningProcess } from './review-opening.process';

const { whenEvent } = processSpec(reviewOpeningProcess);
const held = {
  resolutionId: 'res-1',
  reviewId: 'rev-1',
  heldOn: '2023-05-20',
  coversThroughYear: 2022,
};

describe('review-opening process', () => {
  it.each([
    ['MidtermReviewHeld', 'MIDTERM'],
    ['FinalEvaluationHeld', 'FINAL'],
  ] as const)('%s opens the %s review, frozen just before the held event', (type, kind) => {
    const e = storedEvent(type, held, { id: 'ev-held', position: 120n, correlationId: 'c-1' });
    whenEvent(e).thenCommands([
      {
        streamId: 'review-rev-1',
        commandId: 'review-opening:ev-held',
        command: {
          type: 'OpenHeldReview',
          reviewId: 'rev-1',
          resolutionId: 'res-1',
          kind,
          heldOn: '2023-05-20',
          coversThroughYear: 2022,
          evidenceThrough: 119n,
        },
        causationId: 'ev-held',
        correlationId: 'c-1',
      },
    ]);
  });

  it('other events of the resolution send nothing', () =>
    whenEvent(storedEvent('ResolutionIssued', { resolutionId: 'res-1' })).thenCommands([]));
});

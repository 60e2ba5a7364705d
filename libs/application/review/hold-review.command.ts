import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { ReviewKind } from '../../workflows/review/review.events';
import { reviewDecider } from '../../workflows/review/review.decider';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import { resolutionStream, reviewStream } from '../resolution/resolution-context';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';
import { gatherEvidence, type ReviewEvidence } from './review-evidence';

export interface HoldReviewInput {
  resolutionId: string;
  heldOn: string;
  coversThroughYear: number;
}

export class HoldReviewCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly kind: ReviewKind,
    readonly input: HoldReviewInput,
  ) {}
}

/**
 * Holds a mid-term review or final evaluation: the resolution's event guards "at most one", then
 * the review stream records the assessments, frozen on the evidence as of the hold.
 */
@CommandHandler(HoldReviewCommand)
export class HoldReviewHandler implements ICommandHandler<HoldReviewCommand, CommandResult> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, kind, input }: HoldReviewCommand): Promise<CommandResult> {
    const reviewId = derivedId(env.commandId, 'review');
    let evidence: ReviewEvidence | null = null;
    const openReview = (causationId: string, found: ReviewEvidence) =>
      this.runner.followOn({
        streamId: reviewStream(reviewId),
        decider: reviewDecider,
        env,
        build: () => ({
          ...this.runner.context(env),
          type: 'OpenReview' as const,
          reviewId,
          resolutionId: input.resolutionId,
          kind,
          heldOn: input.heldOn,
          coversThroughYear: input.coversThroughYear,
          ...found,
        }),
        resultId: reviewId,
        causationId,
      });
    const result = await this.runner.run({
      streamId: resolutionStream(input.resolutionId),
      decider: resolutionDecider,
      env,
      build: async ({ state }) => {
        // The evidence: every event of the resolution and its tasks stored when the hold runs.
        // (The read models must have caught up too: they list the resolution's tasks.)
        const head = await this.runner.store.headPosition();
        await this.runner.projector.waitFor(head);
        evidence = await gatherEvidence(this.runner, input.resolutionId, head);
        const midterm = state.midtermReviewId
          ? await this.runner.readModels.review(state.midtermReviewId)
          : null;
        return {
          ...this.runner.context(env),
          type: 'HoldReview' as const,
          kind,
          reviewId,
          heldOn: input.heldOn,
          coversThroughYear: input.coversThroughYear,
          anotherReviewOpen: midterm?.status === 'OPEN',
        };
      },
      resultId: () => reviewId,
      followUp: (_events, heldEventId) => openReview(heldEventId, evidence!),
      // A crash after the resolution's event but before the review's: the retry writes the review
      // on the evidence as it stood just before the hold.
      completeReplay: async () => {
        // Asked of the store, not the read models, which may lag behind it.
        for await (const _ of this.runner.store.readStream(reviewStream(reviewId))) return null;
        for await (const e of this.runner.store.readStream(resolutionStream(input.resolutionId))) {
          if (e.metadata.commandId !== env.commandId) continue;
          const before = await gatherEvidence(this.runner, input.resolutionId, e.position - 1n);
          return openReview(e.id, before);
        }
        return null;
      },
    });
    return commandResult(result);
  }
}

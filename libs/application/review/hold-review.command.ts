import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { ReviewKind } from '../../workflows/review/review.events';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import { resolutionStream, reviewStream } from '../resolution/resolution-context';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';

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
 * Holds a mid-term review or final evaluation on the resolution's stream (which guards "at most
 * one"). The review-opening process then writes the review with its items, frozen on what was
 * stored before the held event; the mutation answers once that is stored and projected.
 */
@CommandHandler(HoldReviewCommand)
export class HoldReviewHandler implements ICommandHandler<HoldReviewCommand, CommandResult> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, kind, input }: HoldReviewCommand): Promise<CommandResult> {
    const reviewId = derivedId(env.commandId, 'review');
    const result = await this.runner.run({
      streamId: resolutionStream(input.resolutionId),
      decider: resolutionDecider,
      env,
      build: async ({ state }) => ({
        ...this.runner.context(env),
        type: 'HoldReview' as const,
        kind,
        reviewId,
        heldOn: input.heldOn,
        coversThroughYear: input.coversThroughYear,
        anotherReviewOpen:
          state.midtermReviewId !== null && !(await this.concluded(state.midtermReviewId)),
      }),
      resultId: () => reviewId,
    });
    return commandResult(result);
  }

  /** From the review's own events: it is OPEN from its hold until its ReviewConcluded. */
  private async concluded(reviewId: string): Promise<boolean> {
    for await (const e of this.runner.store.readStream(reviewStream(reviewId)))
      if (e.type === 'ReviewConcluded') return true;
    return false;
  }
}

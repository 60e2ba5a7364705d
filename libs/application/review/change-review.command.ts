import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../workflows/shared/actor';
import type { ReviewCommand } from '../../workflows/review/review.commands';
import { reviewDecider } from '../../workflows/review/review.decider';
import type { CommandEnvelope } from '../command-envelope';
import { reviewStream } from '../resolution/resolution-context';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ReviewChange = DistributiveOmit<
  Exclude<ReviewCommand, { type: 'OpenReview' }>,
  keyof CommandContext
>;

/** Overrides an assessment with a justification, or concludes the review. */
export class ChangeReviewCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly reviewId: string,
    readonly change: ReviewChange,
  ) {}
}

@CommandHandler(ChangeReviewCommand)
export class ChangeReviewHandler implements ICommandHandler<ChangeReviewCommand, CommandResult> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, reviewId, change }: ChangeReviewCommand): Promise<CommandResult> {
    const result = await this.runner.run({
      streamId: reviewStream(reviewId),
      decider: reviewDecider,
      env,
      build: () => ({ ...this.runner.context(env), ...change }) as ReviewCommand,
      resultId: () => reviewId,
    });
    return commandResult(result);
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Observation, TargetSpec } from '../../assessment/assessment';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { ReviewKind } from '../../workflows/review/review.events';
import { reviewDecider } from '../../workflows/review/review.decider';
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
 * Holds a mid-term review or final evaluation: the resolution's event guards "at most one", then
 * the review stream records the assessments, frozen on the evidence as of the hold.
 */
@CommandHandler(HoldReviewCommand)
export class HoldReviewHandler implements ICommandHandler<HoldReviewCommand, CommandResult> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, kind, input }: HoldReviewCommand): Promise<CommandResult> {
    const reviewId = derivedId(env.commandId, 'review');
    let evidence: {
      asOfPosition: string;
      targets: TargetSpec[];
      observations: Observation[];
    } | null = null;
    const result = await this.runner.run({
      streamId: resolutionStream(input.resolutionId),
      decider: resolutionDecider,
      env,
      build: async ({ state }) => {
        // Evidence is what the read model holds once it has caught up with every stored event.
        await this.runner.projector.waitFor(await this.runner.store.headPosition());
        const doc = await this.runner.readModels.resolution(input.resolutionId);
        const openReview = state.midtermReviewId
          ? await this.runner.readModels.review(state.midtermReviewId)
          : null;
        evidence = {
          asOfPosition: doc?.lastPosition ?? '0',
          targets: [...state.targets.values()].map((t) => ({
            id: t.targetId,
            kind: t.kind,
            comparison: t.comparison,
            baseline: t.baseline,
            baselineYear: t.baselineYear,
            targetValue: t.targetValue,
            dueYear: t.dueYear,
          })),
          observations: await this.runner.readModels.observations(input.resolutionId),
        };
        return {
          ...this.runner.context(env),
          type: 'HoldReview' as const,
          kind,
          reviewId,
          heldOn: input.heldOn,
          coversThroughYear: input.coversThroughYear,
          anotherReviewOpen: openReview?.status === 'OPEN',
        };
      },
      resultId: () => reviewId,
      followUp: (_events, heldEventId) =>
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
            ...evidence!,
          }),
          resultId: reviewId,
          causationId: heldEventId,
        }),
    });
    return commandResult(result);
  }
}

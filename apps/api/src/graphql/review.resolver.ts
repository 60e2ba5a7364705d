import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { assessTarget } from '../../../../libs/assessment/assessment';
import { formatAnchor } from '../../../../libs/audit/anchor';
import { READ_MODELS } from '../../../../libs/application/tokens';
import type { ReadModelStore } from '../../../../libs/read-models/read-model.port';
import { envelope } from '../../../../libs/application/command-envelope';
import {
  GetResolutionQuery,
  GetReviewQuery,
  type Viewed,
} from '../../../../libs/application/queries/read.queries';
import type { CommandResult } from '../../../../libs/application/stream-runner';
import {
  ChangeReviewCommand,
  type ReviewChange,
} from '../../../../libs/application/review/change-review.command';
import { HoldReviewCommand } from '../../../../libs/application/review/hold-review.command';
import type { ResolutionDoc, ReviewDoc } from '../../../../libs/read-models/documents';
import type { ReviewKind } from '../../../../libs/workflows/review/review.events';
import type { GqlContext } from './gql-context';

type Input = Record<string, any>;

@Resolver('Review')
export class ReviewResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  /** Each item as the review recorded it, beside what today's data says ("knew then / now"). */
  @ResolveField('items')
  async items(@Parent() review: ReviewDoc) {
    const observations = await this.readModels.observations(review.resolutionId);
    return review.items.map((item) => {
      const target = review.targets.find((t) => t.id === item.targetId);
      const now = target ? assessTarget(target, observations, review.coversThroughYear) : null;
      const changed =
        !!now &&
        (now.value !== item.value || now.evidenceEventIds.join() !== item.evidenceEventIds.join());
      return {
        ...item,
        currentValue: now?.value ?? null,
        currentAssessment: now?.assessment ?? 'NO_DATA',
        changedSinceReview: changed,
      };
    });
  }

  /** Kept with the review when it opened; a time-travelled copy takes it from today's row. */
  @ResolveField('anchor')
  async anchor(@Parent() review: ReviewDoc): Promise<string> {
    if (review.anchor) return review.anchor;
    const kept = (await this.readModels.review(review.id))?.anchor;
    return kept ?? formatAnchor(await this.readModels.anchorAt(BigInt(review.asOfPosition)));
  }

  @Query('review')
  review(@Args('id') id: string): Promise<ReviewDoc | null> {
    return this.queries.execute(new GetReviewQuery(id));
  }

  @Mutation('holdMidtermReview')
  holdMidtermReview(@Args('input') input: Input, @Context() ctx: GqlContext) {
    return this.hold('holdMidtermReview', 'MIDTERM', input, ctx);
  }

  @Mutation('holdFinalEvaluation')
  holdFinalEvaluation(@Args('input') input: Input, @Context() ctx: GqlContext) {
    return this.hold('holdFinalEvaluation', 'FINAL', input, ctx);
  }

  @Mutation('assessTarget')
  assessTarget(@Args('input') input: Input, @Context() ctx: GqlContext) {
    return this.change('assessTarget', ctx, input, {
      type: 'AssessTarget',
      targetId: input.targetId,
      assessment: input.assessment,
      justification: input.justification,
    });
  }

  @Mutation('concludeReview')
  concludeReview(@Args('input') input: Input, @Context() ctx: GqlContext) {
    return this.change('concludeReview', ctx, input, {
      type: 'ConcludeReview',
      conclusions: input.conclusions,
      directives: input.directives ?? [],
    });
  }

  private async hold(name: string, kind: ReviewKind, input: Input, ctx: GqlContext) {
    const env = envelope(name, ctx.actor, input, {
      commandId: input.commandId,
      correlationId: ctx.correlationId,
    });
    return this.load(
      await this.commands.execute<HoldReviewCommand, CommandResult>(
        new HoldReviewCommand(env, kind, input as any),
      ),
    );
  }

  private async change(name: string, ctx: GqlContext, input: Input, change: ReviewChange) {
    const env = envelope(name, ctx.actor, input, {
      commandId: input.commandId,
      correlationId: ctx.correlationId,
    });
    return this.load(
      await this.commands.execute<ChangeReviewCommand, CommandResult>(
        new ChangeReviewCommand(env, input.reviewId, change),
      ),
    );
  }

  /** The review as it stands, or for a replayed command as the first call left it. */
  private async load({ id, replayedAt }: CommandResult): Promise<ReviewDoc> {
    const review: ReviewDoc | null = await this.queries.execute(new GetReviewQuery(id));
    if (!review) throw new Error(`review ${id} was written but is not readable`);
    if (replayedAt === null) return review;
    const then: Viewed<ResolutionDoc> | null = await this.queries.execute(
      new GetResolutionQuery(review.resolutionId, null, replayedAt),
    );
    return (then && (await then.view.review(id))) ?? review;
  }
}

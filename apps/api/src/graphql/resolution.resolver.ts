import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { envelope } from '../../../../libs/application/command-envelope';
import type { CommandResult } from '../../../../libs/application/stream-runner';
import {
  GetResolutionQuery,
  ListResolutionsQuery,
  type Viewed,
} from '../../../../libs/application/queries/read.queries';
import { DraftResolutionCommand } from '../../../../libs/application/resolution/draft-resolution.command';
import {
  ChangeResolutionCommand,
  type ResolutionChange,
} from '../../../../libs/application/resolution/change-resolution.command';
import type { ResolutionDoc, TargetDoc } from '../../../../libs/read-models/documents';
import type { Page } from '../../../../libs/read-models/read-model.port';
import type { ReadView } from '../../../../libs/application/queries/read-view';
import { connection, decodeCursor, pageSize, parsePosition } from './connection';
import type { GqlContext } from './gql-context';
import { resolutionNode, type ResolutionNode } from './nodes';

type Input = Record<string, any>;

@Resolver('Resolution')
export class ResolutionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query('resolution')
  async resolution(@Args('id') id: string, @Args('asOf') asOf: string | null) {
    const found: Viewed<ResolutionDoc> | null = await this.queries.execute(
      new GetResolutionQuery(id, asOf ?? null),
    );
    return found ? resolutionNode(found.doc, found.view) : null;
  }

  @Query('resolutionAsOfPosition')
  async resolutionAsOfPosition(@Args('id') id: string, @Args('position') position: string) {
    const found: Viewed<ResolutionDoc> | null = await this.queries.execute(
      new GetResolutionQuery(id, null, parsePosition('position', position)),
    );
    return found ? resolutionNode(found.doc, found.view) : null;
  }

  @Query('resolutions')
  async resolutions(
    @Args('status') status: string | null,
    @Args('first') first: number | null,
    @Args('after') after: string | null,
    @Args('kind') kind: string | null,
    @Args('parentId') parentId: string | null,
    @Args('search') search: string | null,
  ) {
    const limit = pageSize(first);
    const page: Page<ResolutionDoc> & { view: ReadView } = await this.queries.execute(
      new ListResolutionsQuery(status ?? null, decodeCursor(after), limit, {
        kind,
        parentId,
        search,
      }),
    );
    return connection(
      page.items.map((d) => resolutionNode(d, page.view)),
      page.hasNextPage,
      (n) => n.seq,
    );
  }

  @ResolveField('parent')
  async parent(@Parent() r: ResolutionNode) {
    const doc = r.parentId ? await r.__view.resolution(r.parentId) : null;
    return doc ? resolutionNode(doc, r.__view) : null;
  }

  @ResolveField('children')
  async children(@Parent() r: ResolutionNode) {
    const docs = await Promise.all((r.childIds ?? []).map((id) => r.__view.resolution(id)));
    return docs
      .filter((d): d is ResolutionDoc => d !== null)
      .map((d) => resolutionNode(d, r.__view));
  }

  @ResolveField('tasks')
  async tasks(@Parent() r: ResolutionNode) {
    const tasks = await Promise.all(r.taskIds.map((id) => r.__view.task(id)));
    return tasks.filter((t) => t !== null).map((t) => ({ ...t, __view: r.__view }));
  }

  @ResolveField('reviews')
  async reviews(@Parent() r: ResolutionNode) {
    const reviews = await Promise.all(r.reviewIds.map((id) => r.__view.review(id)));
    return reviews.filter((t) => t !== null);
  }

  @ResolveField('reviewOpinions')
  reviewOpinions(@Parent() r: ResolutionNode) {
    return r.opinions.map((o) => ({ ...o, id: o.opinionId }));
  }

  @ResolveField('supersededBy')
  async supersededBy(@Parent() r: ResolutionNode) {
    const doc = r.supersededBy ? await r.__view.resolution(r.supersededBy) : null;
    return doc ? resolutionNode(doc, r.__view) : null;
  }

  @ResolveField('supersedes')
  async supersedes(@Parent() r: ResolutionNode) {
    const docs = await Promise.all((r.supersedes ?? []).map((id) => r.__view.resolution(id)));
    return docs
      .filter((d): d is ResolutionDoc => d !== null)
      .map((d) => resolutionNode(d, r.__view));
  }

  @ResolveField('supervisionVisits')
  supervisionVisits(@Parent() r: ResolutionNode) {
    return r.supervisionVisits.map((v) => ({ ...v, id: v.visitId, __resolution: r }));
  }

  @ResolveField('returnReasons')
  returnReasons(@Parent() r: ResolutionNode) {
    return r.returns.map((x) => x.reason);
  }

  @Mutation('draftResolution')
  async draftResolution(@Args('input') input: Input, @Context() ctx: GqlContext) {
    const env = envelope('draftResolution', ctx.actor, input, this.ids(ctx, input.commandId));
    const result = await this.commands.execute<DraftResolutionCommand, CommandResult>(
      new DraftResolutionCommand(env, input as any),
    );
    return this.load(result.id, result.replayedAt);
  }

  @Mutation('defineTarget')
  async defineTarget(@Args('input') input: Input, @Context() ctx: GqlContext): Promise<TargetDoc> {
    const { resolutionId, commandId: _c, expectedVersion: _v, ...target } = input;
    const result = await this.change('defineTarget', ctx, input, resolutionId, {
      type: 'DefineTarget',
      ...target,
      baseline: target.baseline ?? null,
    } as ResolutionChange);
    return this.targetOf(resolutionId, result);
  }

  @Mutation('amendTarget')
  async amendTarget(@Args('input') input: Input, @Context() ctx: GqlContext): Promise<TargetDoc> {
    const result = await this.change('amendTarget', ctx, input, input.resolutionId, {
      type: 'AmendTarget',
      targetId: input.targetId,
      targetValue: input.targetValue,
      dueYear: input.dueYear ?? undefined,
      reason: input.reason,
    });
    return this.targetOf(input.resolutionId, result);
  }

  @Mutation('allocateTarget')
  async allocateTarget(
    @Args('input') input: Input,
    @Context() ctx: GqlContext,
  ): Promise<TargetDoc> {
    const result = await this.change('allocateTarget', ctx, input, input.resolutionId, {
      type: 'AllocateTarget',
      targetId: input.targetId,
      allocations: input.allocations,
    });
    return this.targetOf(input.resolutionId, result);
  }

  @Mutation('submitForReview')
  submitForReview(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('submitForReview', ctx, args, { type: 'SubmitForReview' });
  }

  @Mutation('returnToDraft')
  returnToDraft(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('returnToDraft', ctx, args, {
      type: 'ReturnToDraft',
      reason: args.reason,
    });
  }

  @Mutation('reviseDraft')
  reviseDraft(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('reviseDraft', ctx, args, {
      type: 'ReviseDraft',
      title: args.title ?? undefined,
      summary: args.summary,
    });
  }

  @Mutation('issueResolution')
  issueResolution(@Args('input') input: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('issueResolution', ctx, input, {
      type: 'IssueResolution',
      code: input.code,
      issuedOn: input.issuedOn,
      signedBy: input.signedBy,
    });
  }

  @Mutation('recordReviewOpinion')
  recordReviewOpinion(@Args('input') input: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('recordReviewOpinion', ctx, input, {
      type: 'RecordReviewOpinion',
      givenBy: input.givenBy,
      opinion: input.opinion,
      handling: input.handling ?? null,
      response: input.response ?? null,
    });
  }

  @Mutation('recordOpinionHandling')
  async recordOpinionHandling(@Args('input') input: Input, @Context() ctx: GqlContext) {
    const result = await this.change('recordOpinionHandling', ctx, input, input.resolutionId, {
      type: 'RecordOpinionHandling',
      opinionId: input.opinionId,
      handling: input.handling,
      response: input.response,
    });
    const r = await this.load(input.resolutionId, result.replayedAt);
    const opinion = r.opinions.find((o) => o.opinionId === result.id);
    if (!opinion) throw new Error(`opinion ${result.id} was handled but is not readable`);
    return { ...opinion, id: opinion.opinionId };
  }

  @Mutation('withdrawResolution')
  withdrawResolution(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('withdrawResolution', ctx, args, {
      type: 'WithdrawResolution',
      reason: args.reason,
    });
  }

  @Mutation('supersedeResolution')
  supersedeResolution(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('supersedeResolution', ctx, args, {
      type: 'SupersedeResolution',
      supersededBy: args.supersededBy,
      reason: args.reason,
    });
  }

  @Mutation('recordSupervisionVisit')
  recordSupervisionVisit(@Args('input') input: Input, @Context() ctx: GqlContext) {
    return this.changeAndLoad('recordSupervisionVisit', ctx, input, {
      type: 'RecordSupervisionVisit',
      visitedOn: input.visitedOn,
      body: input.body,
      findings: input.findings,
      conclusions: input.conclusions ?? [],
      directives: input.directives ?? [],
    });
  }

  private ids(ctx: GqlContext, commandId: unknown) {
    return { commandId: (commandId as string | null) ?? null, correlationId: ctx.correlationId };
  }

  private change(
    name: string,
    ctx: GqlContext,
    input: Input,
    resolutionId: string,
    change: ResolutionChange,
  ): Promise<CommandResult> {
    const env = envelope(name, ctx.actor, input, this.ids(ctx, input.commandId));
    return this.commands.execute(new ChangeResolutionCommand(env, resolutionId, change));
  }

  private async changeAndLoad(
    name: string,
    ctx: GqlContext,
    input: Input,
    change: ResolutionChange,
  ) {
    const result = await this.change(name, ctx, input, input.resolutionId, change);
    return this.load(input.resolutionId, result.replayedAt);
  }

  /** The resolution as it stands, or for a replayed command as the first call left it. */
  private async load(id: string, asOfPosition: bigint | null = null): Promise<ResolutionNode> {
    const found: Viewed<ResolutionDoc> | null = await this.queries.execute(
      new GetResolutionQuery(id, null, asOfPosition),
    );
    if (!found) throw new Error(`resolution ${id} was written but is not readable`);
    return resolutionNode(found.doc, found.view);
  }

  private async targetOf(resolutionId: string, result: CommandResult): Promise<TargetDoc> {
    const r = await this.load(resolutionId, result.replayedAt);
    const targetId = result.id;
    const target = r.targets.find((t) => t.id === targetId);
    if (!target) throw new Error(`target ${targetId} was written but is not readable`);
    return target;
  }
}

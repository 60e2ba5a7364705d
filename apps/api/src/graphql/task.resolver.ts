import { Inject } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Clock } from '../../../../libs/application/clock';
import { envelope } from '../../../../libs/application/command-envelope';
import {
  GetResolutionQuery,
  GetTaskQuery,
  ListObligationsQuery,
  ListTasksQuery,
  TaskObligationsQuery,
  type Viewed,
} from '../../../../libs/application/queries/read.queries';
import type { CommandResult } from '../../../../libs/application/stream-runner';
import { AssignTaskCommand } from '../../../../libs/application/task/assign-task.command';
import {
  ChangeTaskCommand,
  type TaskChange,
} from '../../../../libs/application/task/change-task.command';
import { CLOCK, READ_MODELS } from '../../../../libs/application/tokens';
import type { ReportDoc, ResolutionDoc, TaskDoc } from '../../../../libs/read-models/documents';
import type { Page, ReadModelStore } from '../../../../libs/read-models/read-model.port';
import type { TaskNode } from './nodes';
import type { Obligation } from '../../../../libs/workflows/task/reporting-obligations';
import { connection, decodeCursor, decodeKeyCursor, keyConnection, pageSize } from './connection';
import type { GqlContext } from './gql-context';
import { isOverdue } from '../../../../libs/workflows/task/task-status';

type Input = Record<string, any>;

@Resolver('Task')
export class TaskResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  /** From the same view as the task: today's rows, or a past fold when time travelling. */
  @ResolveField('reports')
  reports(@Parent() t: TaskNode): Promise<ReportDoc[]> {
    return t.__view ? t.__view.reports(t.id) : this.readModels.reports(t.id);
  }

  @Query('task')
  task(@Args('id') id: string): Promise<TaskDoc | null> {
    return this.queries.execute(new GetTaskQuery(id));
  }

  @Query('tasks')
  async tasks(@Args() args: Input) {
    const limit = pageSize(args.first);
    const page: Page<TaskDoc> = await this.queries.execute(
      new ListTasksQuery(
        {
          resolutionId: args.resolutionId,
          assigneeUnitId: args.assigneeUnitId,
          overdue: args.overdue,
          assigneeMemberId: args.assigneeMemberId,
          status: args.status,
          dueBefore: args.dueBefore,
        },
        decodeCursor(args.after),
        limit,
      ),
    );
    return connection(page.items, page.hasNextPage, (t) => t.seq);
  }

  @ResolveField('reportingFrequency')
  reportingFrequency(@Parent() t: TaskDoc): string {
    return t.reporting?.frequency ?? 'NONE';
  }

  @ResolveField('obligations')
  obligations(@Parent() t: TaskDoc): Promise<Obligation[]> {
    return this.queries.execute(new TaskObligationsQuery(t));
  }

  @Query('reportingObligations')
  async reportingObligations(@Args() args: Input) {
    const limit = pageSize(args.first);
    const after = decodeKeyCursor(args.after, 3);
    const page: Page<Obligation> = await this.queries.execute(
      new ListObligationsQuery(
        {
          resolutionId: args.resolutionId,
          assigneeUnitId: args.assigneeUnitId,
          status: args.status,
        },
        after ? { dueOn: after[0], taskId: after[1], period: after[2] } : null,
        limit,
      ),
    );
    return keyConnection(page.items, page.hasNextPage, (o) => [o.dueOn, o.taskId, o.period]);
  }

  /** Computed when read: a calendar fact of today (Asia/Ho_Chi_Minh), not a stored one. */
  @ResolveField('overdue')
  overdue(@Parent() t: TaskDoc): boolean {
    return isOverdue(t, this.clock.today());
  }

  @Mutation('assignTask')
  async assignTask(@Args('input') input: Input, @Context() ctx: GqlContext) {
    const env = envelope('assignTask', ctx.actor, input, {
      commandId: input.commandId,
      correlationId: ctx.correlationId,
    });
    return this.load(
      await this.commands.execute<AssignTaskCommand, CommandResult>(
        new AssignTaskCommand(env, input as any),
      ),
    );
  }

  @Mutation('acceptTask')
  async acceptTask(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.load(await this.change('acceptTask', ctx, args, { type: 'AcceptTask' }));
  }

  @Mutation('completeTask')
  async completeTask(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.load(await this.change('completeTask', ctx, args, { type: 'CompleteTask' }));
  }

  @Mutation('cancelTask')
  async cancelTask(@Args() args: Input, @Context() ctx: GqlContext) {
    return this.load(
      await this.change('cancelTask', ctx, args, { type: 'CancelTask', reason: args.reason }),
    );
  }

  @Mutation('requestExtension')
  async requestExtension(@Args() args: Input, @Context() ctx: GqlContext) {
    const result = await this.change('requestExtension', ctx, args, {
      type: 'RequestExtension',
      requestedDueOn: args.requestedDueOn,
      reason: args.reason,
    });
    return this.load({ ...result, id: args.taskId });
  }

  @Mutation('grantExtension')
  async grantExtension(@Args() args: Input, @Context() ctx: GqlContext) {
    const result = await this.change('grantExtension', ctx, args, {
      type: 'GrantExtension',
      dueOn: args.dueOn,
    });
    return this.load({ ...result, id: args.taskId });
  }

  @Mutation('reportProgress')
  async reportProgress(
    @Args('input') input: Input,
    @Context() ctx: GqlContext,
  ): Promise<ReportDoc> {
    const { id: reportId } = await this.change('reportProgress', ctx, input, {
      type: 'ReportProgress',
      year: input.year,
      percentComplete: input.percentComplete ?? null,
      narrative: input.narrative ?? null,
      difficulties: input.difficulties ?? null,
      proposals: input.proposals ?? null,
      measurements: input.measurements ?? [],
      correctsReportId: input.correctsReportId ?? null,
    });
    const report = await this.readModels.report(reportId);
    // A report never changes once made, so a replay's answer is the report as it is.
    if (!report) throw new Error(`report ${reportId} was written but is not readable`);
    return report;
  }

  private change(
    name: string,
    ctx: GqlContext,
    input: Input,
    change: TaskChange,
  ): Promise<CommandResult> {
    const env = envelope(name, ctx.actor, input, {
      commandId: input.commandId,
      correlationId: ctx.correlationId,
    });
    return this.commands.execute(new ChangeTaskCommand(env, input.taskId, change));
  }

  /** The task as it stands, or for a replayed command as the first call left it. */
  private async load({ id, replayedAt }: CommandResult): Promise<TaskNode> {
    const task: TaskDoc | null = await this.queries.execute(new GetTaskQuery(id));
    if (!task) throw new Error(`task ${id} was written but is not readable`);
    if (replayedAt === null) return task;
    const then: Viewed<ResolutionDoc> | null = await this.queries.execute(
      new GetResolutionQuery(task.resolutionId, null, replayedAt),
    );
    const past = then ? await then.view.task(id) : null;
    return past && then ? { ...past, __view: then.view } : task;
  }
}

import { Inject } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ListReportsQuery } from '../../../../libs/application/queries/read.queries';
import type { Page } from '../../../../libs/read-models/read-model.port';
import { connection, decodeCursor, pageSize } from './connection';
import { envelope } from '../../../../libs/application/command-envelope';
import {
  ChangeTaskCommand,
  type TaskChange,
} from '../../../../libs/application/task/change-task.command';
import { READ_MODELS } from '../../../../libs/application/tokens';
import type { ReportDoc } from '../../../../libs/read-models/documents';
import type { ReadModelStore } from '../../../../libs/read-models/read-model.port';
import { NotFound } from '../../../../libs/shared/domain-errors';
import { requireText } from '../../../../libs/workflows/shared/guards';
import type { GqlContext } from './gql-context';

type Input = Record<string, any>;

/** Report approval (duyệt báo cáo): approveReport / returnReport, and a report's status. */
@Resolver('ProgressReport')
export class ReportResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  /** Older documents carry no status: they were never decided. */
  @ResolveField('status')
  status(@Parent() r: ReportDoc): string {
    return r.status ?? 'SUBMITTED';
  }

  @ResolveField('returnReason')
  returnReason(@Parent() r: ReportDoc): string | null {
    return r.returnReason ?? null;
  }

  @Query('reports')
  async reports(@Args() args: Input) {
    const limit = pageSize(args.first);
    const page: Page<ReportDoc> = await this.queries.execute(
      new ListReportsQuery(
        {
          resolutionId: args.resolutionId,
          assigneeUnitId: args.assigneeUnitId,
          year: args.year,
          status: args.status,
        },
        decodeCursor(args.after),
        limit,
      ),
    );
    return connection(page.items, page.hasNextPage, (r) => r.position);
  }

  @Mutation('approveReport')
  approveReport(@Args() args: Input, @Context() ctx: GqlContext): Promise<ReportDoc> {
    return this.decide('approveReport', ctx, args, {
      type: 'ApproveReport',
      subjectReportId: args.reportId,
    });
  }

  @Mutation('returnReport')
  returnReport(@Args() args: Input, @Context() ctx: GqlContext): Promise<ReportDoc> {
    return this.decide('returnReport', ctx, args, {
      type: 'ReturnReport',
      subjectReportId: args.reportId,
      reason: args.reason,
    });
  }

  private async decide(
    name: string,
    ctx: GqlContext,
    args: Input,
    change: Extract<TaskChange, { type: 'ApproveReport' | 'ReturnReport' }>,
  ): Promise<ReportDoc> {
    const env = envelope(name, ctx.actor, args, {
      commandId: args.commandId,
      correlationId: ctx.correlationId,
    });
    // The read model only says which task stream holds the report (a report is readable once
    // its mutation returned); whether it exists and is still SUBMITTED is decided from that
    // stream's own events.
    const known = await this.readModels.report(args.reportId);
    if (!known) {
      // Malformed input is reported before the unknown id, as the contract orders them.
      if (change.type === 'ReturnReport') requireText('reason', change.reason);
      throw new NotFound('report not found');
    }
    await this.commands.execute(new ChangeTaskCommand(env, known.taskId, change));
    const report = await this.readModels.report(args.reportId);
    if (!report) throw new Error(`report ${args.reportId} was decided but is not readable`);
    return report;
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BadUserInput } from '../../shared/domain-errors';
import type { DirectiveRef } from '../../workflows/task/task.events';
import { taskDecider } from '../../workflows/task/task.decider';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import {
  loadResolutionContext,
  resolutionStream,
  reviewStream,
  taskStream,
} from '../resolution/resolution-context';
import { Caused, commandResult, StreamRunner, type CommandResult } from '../stream-runner';
import { ENGINE_SETTINGS, type EngineSettings } from '../tokens';
import type { ReportingFrequency } from '../../workflows/task/reporting-obligations';

export interface AssignTaskInput {
  resolutionId: string;
  title: string;
  assigneeUnitId?: string | null;
  assigneeMemberId?: string | null;
  targetIds?: string[] | null;
  dueOn: string;
  /** The directive of a concluded review this task carries out. */
  fromDirective?: { reviewId: string; index: number } | null;
  /** How often the assignee owes a report (chế độ báo cáo); default NONE. */
  reportingFrequency?: ReportingFrequency | null;
  /** The directive of a recorded supervision visit this task carries out. */
  fromVisitDirective?: { visitId: string; index: number } | null;
}

export class AssignTaskCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly input: AssignTaskInput,
  ) {}
}

/**
 * Creates the task, on its own stream only. The first task of an issued resolution also starts its
 * implementation: the implementation-start process writes that on the resolution, and the
 * mutation answers once it is stored and projected.
 */
@CommandHandler(AssignTaskCommand)
export class AssignTaskHandler implements ICommandHandler<AssignTaskCommand, CommandResult> {
  constructor(
    private readonly runner: StreamRunner,
    @Inject(ENGINE_SETTINGS) private readonly settings: EngineSettings,
  ) {}

  async execute({ env, input }: AssignTaskCommand): Promise<CommandResult> {
    const taskId = derivedId(env.commandId, 'task');
    const result = await this.runner.run({
      streamId: taskStream(taskId),
      decider: taskDecider,
      env,
      build: async () => {
        const directive = await this.directive(input);
        const visit = await this.visitDirective(input);
        // A task given by a review's directive answers that review's conclusion; one given by a
        // supervision visit's directive answers the visit's event.
        const command = {
          ...this.runner.context(env),
          resolution: (await loadResolutionContext(this.runner, input.resolutionId)).context,
          fromDirective: directive?.ref ?? null,
          fromVisitDirective: visit?.ref ?? null,
          type: 'AssignTask' as const,
          taskId,
          resolutionId: input.resolutionId,
          title: input.title,
          assigneeUnitId: input.assigneeUnitId ?? null,
          assigneeMemberId: input.assigneeMemberId ?? null,
          targetIds: input.targetIds ?? [],
          dueOn: input.dueOn,
          reportingFrequency: input.reportingFrequency ?? null,
          reportGraceDays: this.settings.reportGraceDays,
        };
        return new Caused(command, directive?.concluded ?? visit?.recorded ?? null);
      },
      resultId: () => taskId,
    });
    return commandResult(result);
  }

  /** The directive named in the input, checked against its review's events. */
  private async directive(input: AssignTaskInput): Promise<Directive | null> {
    const wanted = input.fromDirective;
    if (!wanted) return null;
    let resolutionId: string | null = null;
    for await (const e of this.runner.store.readStream(reviewStream(wanted.reviewId))) {
      if (e.type === 'ReviewHeld') resolutionId = String(e.data.resolutionId);
      if (e.type !== 'ReviewConcluded') continue;
      const text = (e.data.directives as string[])[wanted.index];
      if (resolutionId !== input.resolutionId)
        throw new BadUserInput('fromDirective', 'the review is of another resolution');
      if (text === undefined)
        throw new BadUserInput('fromDirective', `the review has no directive ${wanted.index}`);
      return {
        ref: { reviewId: wanted.reviewId, index: wanted.index, text },
        concluded: { id: e.id, correlationId: e.metadata.correlationId },
      };
    }
    throw new BadUserInput('fromDirective', 'no concluded review with that id');
  }

  /**
   * The supervision-visit directive named in the input, looked up on the resolution's own stream
   * (text null when there is no such visit or index: the decider refuses it in the contract's
   * order, after the transition checks).
   */
  private async visitDirective(input: AssignTaskInput): Promise<VisitDirective | null> {
    const wanted = input.fromVisitDirective;
    if (!wanted) return null;
    const ref = { visitId: wanted.visitId, index: wanted.index, text: null as string | null };
    if (!input.resolutionId) return { ref, recorded: null };
    for await (const e of this.runner.store.readStream(resolutionStream(input.resolutionId))) {
      if (e.type !== 'SupervisionVisitRecorded' || e.data.visitId !== wanted.visitId) continue;
      const text = (e.data.directives as string[])[wanted.index];
      if (text === undefined) return { ref, recorded: null };
      return {
        ref: { ...ref, text },
        recorded: { id: e.id, correlationId: e.metadata.correlationId },
      };
    }
    return { ref, recorded: null };
  }
}

interface VisitDirective {
  ref: { visitId: string; index: number; text: string | null };
  recorded: { id: string; correlationId: string | null } | null;
}

interface Directive {
  ref: DirectiveRef;
  concluded: { id: string; correlationId: string | null };
}

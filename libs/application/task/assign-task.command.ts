import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BadUserInput, InvalidTransition } from '../../shared/domain-errors';
import type { DirectiveRef } from '../../workflows/task/task.events';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import { taskDecider } from '../../workflows/task/task.decider';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import {
  loadResolutionContext,
  resolutionStream,
  reviewStream,
  taskStream,
} from '../resolution/resolution-context';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';

export interface AssignTaskInput {
  resolutionId: string;
  title: string;
  assigneeUnitId?: string | null;
  assigneeMemberId?: string | null;
  targetIds?: string[] | null;
  dueOn: string;
  /** The directive of a concluded review this task carries out. */
  fromDirective?: { reviewId: string; index: number } | null;
}

export class AssignTaskCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly input: AssignTaskInput,
  ) {}
}

/** Creates the task; the first task of an issued resolution also moves it to IN_IMPLEMENTATION. */
@CommandHandler(AssignTaskCommand)
export class AssignTaskHandler implements ICommandHandler<AssignTaskCommand, CommandResult> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, input }: AssignTaskCommand): Promise<CommandResult> {
    const taskId = derivedId(env.commandId, 'task');
    // Emits ImplementationStarted only while the resolution is still ISSUED.
    const startImplementation = (taskAssignedId: string) =>
      this.runner.followOn({
        streamId: resolutionStream(input.resolutionId),
        decider: resolutionDecider,
        env,
        build: () => ({
          ...this.runner.context(env),
          type: 'StartImplementation' as const,
          taskId,
        }),
        resultId: taskId,
        causationId: taskAssignedId,
      });
    let directive: Directive | null = null;
    const result = await this.runner.run({
      streamId: taskStream(taskId),
      decider: taskDecider,
      env,
      build: async () => {
        directive = await this.directive(input);
        return {
          ...this.runner.context(env),
          resolution: (await loadResolutionContext(this.runner, input.resolutionId)).context,
          fromDirective: directive?.ref ?? null,
          type: 'AssignTask' as const,
          taskId,
          resolutionId: input.resolutionId,
          title: input.title,
          assigneeUnitId: input.assigneeUnitId ?? null,
          assigneeMemberId: input.assigneeMemberId ?? null,
          targetIds: input.targetIds ?? [],
          dueOn: input.dueOn,
        };
      },
      resultId: () => taskId,
      // A task given by a review's directive answers that review's conclusion.
      cause: () => directive?.concluded ?? null,
      followUp: (_events, taskAssignedId) => startImplementation(taskAssignedId),
      // A crash between the task's event and the resolution's: the retry moves the resolution on.
      completeReplay: async () => {
        for await (const e of this.runner.store.readStream(taskStream(taskId))) {
          if (e.type !== 'TaskAssigned') return null;
          // The resolution may have moved on since (e.g. reviewed): then nothing is left to do.
          return startImplementation(e.id).catch((err) => {
            if (err instanceof InvalidTransition) return null;
            throw err;
          });
        }
        return null;
      },
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
}

interface Directive {
  ref: DirectiveRef;
  concluded: { id: string; correlationId: string | null };
}

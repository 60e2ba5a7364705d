import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidTransition } from '../../shared/domain-errors';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import { taskDecider } from '../../workflows/task/task.decider';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import {
  loadResolutionContext,
  resolutionStream,
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
    const result = await this.runner.run({
      streamId: taskStream(taskId),
      decider: taskDecider,
      env,
      build: async () => ({
        ...this.runner.context(env),
        resolution: (await loadResolutionContext(this.runner, input.resolutionId)).context,
        type: 'AssignTask' as const,
        taskId,
        resolutionId: input.resolutionId,
        title: input.title,
        assigneeUnitId: input.assigneeUnitId ?? null,
        assigneeMemberId: input.assigneeMemberId ?? null,
        targetIds: input.targetIds ?? [],
        dueOn: input.dueOn,
      }),
      resultId: () => taskId,
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
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../workflows/shared/actor';
import type { ResolutionContext, TaskCommand } from '../../workflows/task/task.commands';
import { taskDecider } from '../../workflows/task/task.decider';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import { loadResolutionContext, taskStream } from '../resolution/resolution-context';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type TaskChange = DistributiveOmit<
  Exclude<TaskCommand, { type: 'AssignTask' }>,
  keyof CommandContext | 'resolution' | 'reportId'
>;

/** Every command on an existing task: accept, report progress (or correct), extend, complete, cancel. */
export class ChangeTaskCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly taskId: string,
    readonly change: TaskChange,
  ) {}
}

/**
 * A resolution with a task stored counts as implemented for the task rules, even before the
 * implementation-start process has written ImplementationStarted (DOMAIN.md).
 */
function implemented(context: ResolutionContext | null): ResolutionContext | null {
  return context?.status === 'ISSUED' ? { ...context, status: 'IN_IMPLEMENTATION' } : context;
}

@CommandHandler(ChangeTaskCommand)
export class ChangeTaskHandler implements ICommandHandler<ChangeTaskCommand, CommandResult> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, taskId, change }: ChangeTaskCommand): Promise<CommandResult> {
    const result = await this.runner.run({
      streamId: taskStream(taskId),
      decider: taskDecider,
      env,
      build: async ({ state }) =>
        ({
          ...this.runner.context(env),
          ...change,
          resolution: implemented(
            (await loadResolutionContext(this.runner, state.resolutionId)).context,
          ),
          reportId: derivedId(env.commandId, 'report'),
        }) as TaskCommand,
      // reportProgress answers with the report; the others with the task.
      resultId: (events) => {
        const report = events.find((e) => e.type === 'ProgressReported');
        return report ? (report.data as { reportId: string }).reportId : taskId;
      },
    });
    return commandResult(result);
  }
}

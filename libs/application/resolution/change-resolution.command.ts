import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ResolutionCommand } from '../../workflows/resolution/resolution.commands';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { CommandContext } from '../../workflows/shared/actor';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';
import { resolutionStream } from './resolution-context';

type Change = Exclude<
  ResolutionCommand,
  { type: 'DraftResolution' | 'HoldReview' | 'StartImplementation' }
>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ResolutionChange = DistributiveOmit<
  Change,
  keyof CommandContext | 'newTargetId' | 'opinionId' | 'visitId'
>;

/**
 * Every command on an existing resolution's own stream: define a target, submit, return, issue,
 * amend, withdraw, supersede, record opinions and supervision visits.
 */
export class ChangeResolutionCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly resolutionId: string,
    readonly change: ResolutionChange,
  ) {}
}

@CommandHandler(ChangeResolutionCommand)
export class ChangeResolutionHandler implements ICommandHandler<
  ChangeResolutionCommand,
  CommandResult
> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, resolutionId, change }: ChangeResolutionCommand): Promise<CommandResult> {
    const result = await this.runner.run({
      streamId: resolutionStream(resolutionId),
      decider: resolutionDecider,
      env,
      build: () =>
        ({
          ...this.runner.context(env),
          ...change,
          newTargetId: derivedId(env.commandId, 'target'),
          opinionId: derivedId(env.commandId, 'opinion'),
          visitId: derivedId(env.commandId, 'visit'),
        }) as unknown as ResolutionCommand,
      // A target command answers with its target; everything else with the resolution.
      resultId: (events) => {
        const defined = events.find(
          (e) => e.type === 'TargetDefined' || e.type === 'TargetAmended',
        );
        return defined ? (defined.data as { targetId: string }).targetId : resolutionId;
      },
    });
    return commandResult(result);
  }
}

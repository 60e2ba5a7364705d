import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ResolutionCommand } from '../../workflows/resolution/resolution.commands';
import type { ResolutionStatus } from '../../workflows/resolution/resolution.events';
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
/** What the client gives: ids the server derives, and what the handler reads, are left out. */
export type ResolutionChange =
  | DistributiveOmit<
      Exclude<Change, { type: 'RecordOpinionHandling' | 'SupersedeResolution' }>,
      keyof CommandContext | 'newTargetId' | 'opinionId' | 'visitId'
    >
  // The opinion to handle is the client's: an existing id, not a new one.
  | Omit<Extract<Change, { type: 'RecordOpinionHandling' }>, keyof CommandContext>
  | Omit<
      Extract<Change, { type: 'SupersedeResolution' }>,
      keyof CommandContext | 'supersededByStatus'
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
      build: async () =>
        ({
          ...this.runner.context(env),
          ...change,
          newTargetId: derivedId(env.commandId, 'target'),
          opinionId:
            change.type === 'RecordOpinionHandling'
              ? change.opinionId
              : derivedId(env.commandId, 'opinion'),
          visitId: derivedId(env.commandId, 'visit'),
          ...(change.type === 'SupersedeResolution'
            ? { supersededByStatus: await this.statusOf(change.supersededBy, resolutionId) }
            : {}),
        }) as unknown as ResolutionCommand,
      // A target command answers with its target, an opinion's handling with the opinion;
      // everything else with the resolution.
      resultId: (events) => {
        const defined = events.find(
          (e) =>
            e.type === 'TargetDefined' ||
            e.type === 'TargetAmended' ||
            e.type === 'TargetAllocated',
        );
        if (defined) return (defined.data as { targetId: string }).targetId;
        const handled = events.find((e) => e.type === 'ReviewOpinionHandled');
        return handled ? (handled.data as { opinionId: string }).opinionId : resolutionId;
      },
    });
    return commandResult(result);
  }

  /** The status of another resolution, from its own stream (never the read models). */
  private async statusOf(
    otherId: unknown,
    resolutionId: string,
  ): Promise<ResolutionStatus | 'NONE'> {
    if (typeof otherId !== 'string' || otherId.trim() === '' || otherId.trim() === resolutionId)
      return 'NONE';
    const { state } = await this.runner.load(resolutionStream(otherId.trim()), resolutionDecider);
    return state.status;
  }
}

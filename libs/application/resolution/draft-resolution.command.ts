import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BadUserInput } from '../../shared/domain-errors';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { ResolutionKind } from '../../workflows/resolution/resolution.events';
import { derivedId, type CommandEnvelope } from '../command-envelope';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';
import { resolutionStream } from './resolution-context';

export interface DraftResolutionInput {
  title: string;
  kind: ResolutionKind;
  termStart: number;
  termEnd: number;
  parentId?: string | null;
  summary?: string | null;
}

export class DraftResolutionCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly input: DraftResolutionInput,
  ) {}
}

@CommandHandler(DraftResolutionCommand)
export class DraftResolutionHandler implements ICommandHandler<
  DraftResolutionCommand,
  CommandResult
> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, input }: DraftResolutionCommand): Promise<CommandResult> {
    // The id comes from the commandId, so a duplicate sent concurrently lands on the same stream.
    const resolutionId = derivedId(env.commandId, 'resolution');
    const result = await this.runner.run({
      streamId: resolutionStream(resolutionId),
      decider: resolutionDecider,
      env,
      build: async () => {
        const cmd = {
          ...this.runner.context(env),
          type: 'DraftResolution' as const,
          resolutionId,
          title: input.title,
          kind: input.kind,
          termStart: input.termStart,
          termEnd: input.termEnd,
          parentId: input.parentId ?? null,
          summary: input.summary ?? null,
        };
        resolutionDecider.authorize(cmd);
        // Asked of the parent's own stream: the write side never reads the read models.
        if (cmd.parentId && !(await this.exists(cmd.parentId)))
          throw new BadUserInput('parentId', 'no such resolution');
        return cmd;
      },
      resultId: () => resolutionId,
    });
    return commandResult(result);
  }

  private async exists(resolutionId: string): Promise<boolean> {
    for await (const _ of this.runner.store.readStream(resolutionStream(resolutionId))) return true;
    return false;
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { OrgUnitKind } from '../../workflows/org-unit/org-unit.events';
import { orgUnitDecider, type OrgUnitState } from '../../workflows/org-unit/org-unit.decider';
import { orgUnitStream } from '../../workflows/shared/streams';
import type { CommandEnvelope } from '../command-envelope';
import { commandResult, StreamRunner, type CommandResult } from '../stream-runner';

export interface DefineOrgUnitInput {
  id: string;
  name: string;
  kind: OrgUnitKind;
  parentId?: string | null;
}

export class DefineOrgUnitCommand {
  constructor(
    readonly env: CommandEnvelope,
    readonly input: DefineOrgUnitInput,
  ) {}
}

/** Guards against a corrupt chain; real hierarchies are a handful of levels deep. */
const MAX_DEPTH = 1000;

/** Registers or redefines a unit, on its own `orgunit-<id>` stream only. */
@CommandHandler(DefineOrgUnitCommand)
export class DefineOrgUnitHandler implements ICommandHandler<DefineOrgUnitCommand, CommandResult> {
  constructor(private readonly runner: StreamRunner) {}

  async execute({ env, input }: DefineOrgUnitCommand): Promise<CommandResult> {
    const result = await this.runner.run({
      streamId: orgUnitStream(input.id),
      decider: orgUnitDecider,
      env,
      build: async () => ({
        ...this.runner.context(env),
        type: 'DefineOrgUnit' as const,
        unitId: input.id,
        name: input.name,
        kind: input.kind,
        parentId: input.parentId ?? null,
        parentChain: input.parentId ? await this.chain(input.parentId) : null,
      }),
      resultId: () => input.id,
    });
    return commandResult(result);
  }

  /** The parent and its ancestors, read from their own streams; null when it is not registered. */
  private async chain(parentId: string): Promise<string[] | null> {
    const chain: string[] = [];
    let id: string | null = parentId;
    while (id !== null && !chain.includes(id) && chain.length < MAX_DEPTH) {
      const { state }: { state: OrgUnitState } = await this.runner.load(
        orgUnitStream(id),
        orgUnitDecider,
      );
      if (!state.defined) return chain.length === 0 ? null : chain;
      chain.push(id);
      id = state.parentId;
    }
    return chain;
  }
}

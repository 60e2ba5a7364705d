import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { envelope } from '../../../../libs/application/command-envelope';
import { DefineOrgUnitCommand } from '../../../../libs/application/org-unit/define-org-unit.command';
import type { CommandResult } from '../../../../libs/application/stream-runner';
import { READ_MODELS } from '../../../../libs/application/tokens';
import type { AllocationAssessment } from '../../../../libs/assessment/allocation';
import type { OrgUnitDoc, TargetDoc } from '../../../../libs/read-models/documents';
import type { TaskNode } from './nodes';
import type { ReadModelStore } from '../../../../libs/read-models/read-model.port';
import type { GqlContext } from './gql-context';

type Input = Record<string, any>;

/** Organisation units (cơ quan, đơn vị, đảng bộ, chi bộ) and their hierarchy. */
@Resolver('OrgUnit')
export class OrgUnitResolver {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  @Query('orgUnit')
  orgUnit(@Args('id') id: string): Promise<OrgUnitDoc | null> {
    return this.readModels.orgUnit(id);
  }

  @Query('orgUnits')
  orgUnits(@Args('parentId') parentId: string | null): Promise<OrgUnitDoc[]> {
    return this.readModels.orgUnits(parentId ?? null);
  }

  @ResolveField('parent')
  parent(@Parent() u: OrgUnitDoc): Promise<OrgUnitDoc | null> | null {
    return u.parentId ? this.readModels.orgUnit(u.parentId) : null;
  }

  @ResolveField('children')
  children(@Parent() u: OrgUnitDoc): Promise<OrgUnitDoc[]> {
    return this.readModels.orgUnits(u.id);
  }

  @Mutation('defineOrgUnit')
  async defineOrgUnit(@Args('input') input: Input, @Context() ctx: GqlContext) {
    const env = envelope('defineOrgUnit', ctx.actor, input, {
      commandId: input.commandId,
      correlationId: ctx.correlationId,
    });
    const { id } = await this.commands.execute<DefineOrgUnitCommand, CommandResult>(
      new DefineOrgUnitCommand(env, input as any),
    );
    const unit = await this.readModels.orgUnit(id);
    if (!unit) throw new Error(`unit ${id} was defined but is not readable`);
    return unit;
  }
}

/** A task's assignee unit, when that id is registered (tasks may name unregistered ones). */
@Resolver('Task')
export class TaskUnitResolver {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  /** From the task's view: today's units, or as they were defined then when time travelling. */
  @ResolveField('assigneeUnit')
  assigneeUnit(@Parent() t: TaskNode): Promise<OrgUnitDoc | null> | null {
    if (!t.assigneeUnitId) return null;
    return t.__view
      ? t.__view.orgUnit(t.assigneeUnitId)
      : this.readModels.orgUnit(t.assigneeUnitId);
  }
}

/** A target's split across units: the list in force, each allocation with its unit. */
@Resolver('Target')
export class TargetAllocationsResolver {
  @ResolveField('allocations')
  allocations(@Parent() t: TargetDoc): AllocationAssessment[] {
    return t.allocations ?? [];
  }
}

@Resolver('TargetAllocation')
export class TargetAllocationResolver {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModelStore) {}

  /** Null when the unit is not registered. */
  @ResolveField('unit')
  unit(@Parent() a: AllocationAssessment): Promise<OrgUnitDoc | null> {
    return this.readModels.orgUnit(a.unitId);
  }
}

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ResolutionNode, TaskNode } from './nodes';

type VisitNode = { id: string; __resolution: ResolutionNode };

@Resolver('SupervisionVisit')
export class SupervisionVisitResolver {
  /** The resolution's tasks that carry out one of this visit's directives, in creation order. */
  @ResolveField('directiveTasks')
  async directiveTasks(@Parent() visit: VisitNode): Promise<TaskNode[]> {
    const r = visit.__resolution;
    const tasks = await Promise.all(r.taskIds.map((id) => r.__view.task(id)));
    return tasks
      .filter((t) => t !== null && t.fromVisitDirective?.visitId === visit.id)
      .map((t) => ({ ...t!, __view: r.__view }));
  }
}

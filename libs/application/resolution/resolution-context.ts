import type { ResolutionState } from '../../workflows/resolution/resolution.decider';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import type { ResolutionContext } from '../../workflows/task/task.commands';
import { resolutionStream } from '../../workflows/shared/streams';
import type { StreamRunner } from '../stream-runner';

export { resolutionStream, reviewStream, taskStream } from '../../workflows/shared/streams';

/** What task commands need to know of their resolution, read from its stream. */
export async function loadResolutionContext(
  runner: StreamRunner,
  resolutionId: string | null,
): Promise<{ context: ResolutionContext | null; state: ResolutionState }> {
  if (!resolutionId) return { context: null, state: resolutionDecider.initialState };
  const { state } = await runner.load(resolutionStream(resolutionId), resolutionDecider);
  if (state.status === 'NONE') return { context: null, state };
  return {
    state,
    context: {
      status: state.status,
      termStart: state.termStart,
      termEnd: state.termEnd,
      targets: state.targets,
    },
  };
}

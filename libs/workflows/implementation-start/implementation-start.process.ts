import { processCommandId, type Process } from '../shared/process';
import { resolutionStream } from '../shared/streams';

export interface StartImplementation {
  type: 'StartImplementation';
  resolutionId: string;
  taskId: string;
}

/**
 * The first task of an issued resolution starts its implementation (ISSUED → IN_IMPLEMENTATION).
 * Every task asks; the resolution's decider writes ImplementationStarted only while ISSUED.
 */
export const implementationStartProcess: Process<StartImplementation> = {
  name: 'implementation-start',
  handles: ['TaskAssigned'],
  react(event) {
    if (event.type !== 'TaskAssigned') return [];
    const resolutionId = String(event.data.resolutionId);
    return [
      {
        streamId: resolutionStream(resolutionId),
        commandId: processCommandId(this.name, event.id),
        command: { type: 'StartImplementation', resolutionId, taskId: String(event.data.taskId) },
        causationId: event.id,
        correlationId: event.correlationId,
      },
    ];
  },
};

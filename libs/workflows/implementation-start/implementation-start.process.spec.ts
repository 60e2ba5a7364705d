import { processSpec, storedEvent } from '../shared/process-spec';
import { implementationStartProcess } from './implementation-start.process';

const { whenEvent } = processSpec(implementationStartProcess);

describe('implementation-start process', () => {
  it('a stored TaskAssigned asks the resolution to start its implementation', () => {
    const assigned = storedEvent(
      'TaskAssigned',
      { taskId: 'task-1', resolutionId: 'res-1' },
      { id: 'ev-task-1', streamId: 'task-task-1', correlationId: 'corr-9' },
    );
    whenEvent(assigned).thenCommands([
      {
        streamId: 'resolution-res-1',
        commandId: 'implementation-start:ev-task-1',
        command: { type: 'StartImplementation', resolutionId: 'res-1', taskId: 'task-1' },
        causationId: 'ev-task-1',
        correlationId: 'corr-9',
      },
    ]);
  });

  it('every task asks (the resolution decides that only the first while ISSUED changes it)', () => {
    const second = storedEvent('TaskAssigned', { taskId: 'task-2', resolutionId: 'res-1' });
    expect(implementationStartProcess.react(second)).toHaveLength(1);
  });

  it('other events send nothing', () =>
    whenEvent(
      storedEvent('TaskAccepted', { taskId: 'task-1', resolutionId: 'res-1' }),
    ).thenCommands([]));
});

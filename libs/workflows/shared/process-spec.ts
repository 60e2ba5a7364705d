import type { Process, ProcessCommand, ProcessEvent } from './process';

/** given/when/then for a process: when a stored event, then the commands it sends. */
export function processSpec<C>(process: Process<C>) {
  return {
    whenEvent(event: ProcessEvent) {
      const sent = process.handles.includes(event.type) ? process.react(event) : [];
      return {
        thenCommands(expected: ProcessCommand<C>[]) {
          expect(sent).toEqual(expected);
          // Sending twice must name the same commands: that is what makes a replay write once.
          expect(process.react(event)).toEqual(sent);
        },
      };
    },
  };
}

let position = 0n;
export function storedEvent(
  type: string,
  data: Record<string, unknown>,
  over: Partial<ProcessEvent> = {},
): ProcessEvent {
  position += 10n;
  return {
    id: `ev-${position}`,
    streamId: 'stream-1',
    type,
    data,
    position,
    correlationId: 'corr-1',
    ...over,
  };
}

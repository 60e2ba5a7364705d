/**
 * A process: what must follow a stored event on another stream. Pure, like a decider: given the
 * event, it names the commands to send. Their commandIds are derived from the event and the
 * process, so sending them twice (after a crash, from a second process) writes once.
 */
export interface ProcessEvent {
  id: string;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  position: bigint;
  correlationId: string | null;
}

export interface ProcessCommand<C = { type: string }> {
  /** The one stream the command appends to. */
  streamId: string;
  commandId: string;
  command: C;
  /** The event that made it due, and its correlation. */
  causationId: string;
  correlationId: string | null;
}

export interface Process<C = { type: string }> {
  /** Stable: it is part of every commandId the process derives. */
  name: string;
  handles: readonly string[];
  react(event: ProcessEvent): ProcessCommand<C>[];
}

/** The commandId of what `process` sends in answer to `eventId`: unique and stable. */
export const processCommandId = (process: string, eventId: string) => `${process}:${eventId}`;

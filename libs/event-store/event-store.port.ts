/** The one port every event store adapter implements (SQLite embedded, EventStoreDB in production). */

export interface EventMetadata {
  actorId: string;
  actorRole: string;
  commandId: string | null;
  correlationId: string | null;
  causationId: string | null;
  /** ISO-8601 instant, stamped by the server clock when the command ran. */
  occurredAt: string;
  /** Free-form additions (e.g. a hash of the command payload for idempotency checks). */
  [extra: string]: unknown;
}

/** An event as a command handler hands it to the store. */
export interface NewEvent {
  /** Unique id; appending an id that is already stored writes nothing (idempotent append). */
  id: string;
  /** Stable type name, never renamed once stored (e.g. 'TaskAccepted'). */
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** An event as the store returns it. */
export interface StoredEvent extends NewEvent {
  streamId: string;
  /** 0-based revision inside its stream. */
  revision: bigint;
  /** Global position: strictly increasing in commit order, not necessarily dense. */
  position: bigint;
  /** sha256 over the canonical content and the previous event's hash in the stream. */
  hash: string;
  prevHash: string | null;
}

/** 'any': no check; 'no_stream': the stream must not exist; bigint: the stream's last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | bigint;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: bigint;
  /** Global position of the last event of this append. */
  lastPosition: bigint;
}

export interface EventFilter {
  /** Only streams whose id starts with one of these prefixes. */
  streamPrefixes?: string[];
  /** Only these event types. */
  types?: string[];
  /** Only these exact streams. */
  streamIds?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: events with position > fromPosition. 0n (the default) means from the beginning. */
  fromPosition?: bigint;
  /** Inclusive upper bound. */
  toPosition?: bigint;
  filter?: EventFilter;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive start position; undefined means "from now" (only events appended later). */
  fromPosition?: bigint;
  filter?: EventFilter;
}

/** Catch-up then live, in global order, none skipped and none twice. Close with return(). */
export type EventSubscription = AsyncIterableIterator<StoredEvent> & { close(): Promise<void> };

/**
 * What the store remembers of a command, keyed by its commandId across every stream (commandIds
 * are global): written with the command's events, so a retry anywhere gets the first result.
 * Taken from the metadata of the append's events (commandId, command, commandFingerprint,
 * resultId).
 */
export interface StoredCommand {
  commandId: string;
  streamId: string;
  /** Global position of the command's last event. */
  position: bigint;
  command: string | null;
  fingerprint: string | null;
  resultId: string | null;
}

export interface EventStore {
  readStream(
    streamId: string,
    opts?: { fromRevision?: bigint; toPosition?: bigint },
  ): AsyncIterable<StoredEvent>;
  appendToStream(
    streamId: string,
    events: NewEvent[],
    opts: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  readAll(opts?: ReadAllOptions): AsyncIterable<StoredEvent>;
  subscribe(opts?: SubscribeOptions): EventSubscription;
  /** The command stored under this commandId, on whichever stream, or null. */
  findCommand(commandId: string): Promise<StoredCommand | null>;
  /** Position of the last stored event (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export function matchesFilter(e: { streamId: string; type: string }, f?: EventFilter): boolean {
  if (!f) return true;
  if (f.types && f.types.length > 0 && !f.types.includes(e.type)) return false;
  if (f.streamIds && f.streamIds.length > 0 && !f.streamIds.includes(e.streamId)) return false;
  if (
    f.streamPrefixes &&
    f.streamPrefixes.length > 0 &&
    !f.streamPrefixes.some((p) => e.streamId.startsWith(p))
  )
    return false;
  return true;
}

/**
 * An append reuses event ids already stored but is not a plain retry: only some of its ids are
 * stored, they belong to another stream, or an id is repeated inside the append.
 */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
    reason: string,
  ) {
    super(`stream ${streamId}: ${reason} (${eventIds.join(', ')})`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The command key an append carries: taken from its events' metadata, null without a commandId. */
export function commandKeyOf(
  events: NewEvent[],
): Omit<StoredCommand, 'streamId' | 'position'> | null {
  const m = events[0]?.metadata;
  if (!m || typeof m.commandId !== 'string') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    commandId: m.commandId,
    command: text(m.command),
    fingerprint: text(m.commandFingerprint),
    resultId: text(m.resultId),
  };
}

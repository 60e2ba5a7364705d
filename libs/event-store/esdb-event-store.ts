import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  Filter,
  JSONEventData,
  Position,
  ReadPosition,
  ResolvedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import { canonicalJsonForStorage, eventHashOfCanonical } from './event-hash';
import {
  AppendResult,
  DuplicateEventIdError,
  EventFilter,
  EventMetadata,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  commandKeyOf,
  type StoredCommand,
  StoredEvent,
  SubscribeOptions,
  WrongExpectedRevisionError,
  matchesFilter,
} from './event-store.port';

/** Events per read request: every read is paged, none unbounded. */
const PAGE_SIZE = 500;
/** Events per request when searching $all backwards (head, seek). */
const SCAN_PAGE_SIZE = 100;
/** Buffered subscription events at which the server stream is paused, and resumed below LOW. */
const SUBSCRIPTION_HIGH_WATER = 1000;
const SUBSCRIPTION_LOW_WATER = 100;
/** Attempts of one append after UNAVAILABLE (the channel reconnects between them). */
const APPEND_UNAVAILABLE_RETRIES = 5;

/** Keys the adapter adds to each event's ESDB metadata next to the caller's metadata. */
const HASH_KEY = '$hash';
const PREV_HASH_KEY = '$prevHash';
/** ESDB's own keys, read by its $by_correlation_id projection and its UI. */
const ESDB_CORRELATION_KEY = '$correlationId';
const ESDB_CAUSATION_KEY = '$causationId';
const RESERVED_METADATA_KEYS = [HASH_KEY, PREV_HASH_KEY, ESDB_CORRELATION_KEY, ESDB_CAUSATION_KEY];

/** gRPC statuses after which retrying a subscription cannot help. */
const PERMANENT_STATUS_CODES = new Set([3, 5, 7, 9, 11, 12, 16]);
const UNAVAILABLE = 14;
/** Largest valid log position; ESDB reports an absent commit position as -1 (2^64 - 1). */
const MAX_POSITION = (1n << 63n) - 1n;

export interface EsdbEventStoreOptions {
  /**
   * How many of the most recent events of the stream, and of $all, are searched for the ids of
   * an append (ESDB keeps no index by event id; default 32). An earlier identical append is
   * recognised, and its result returned, while any of its events is among the stream's last
   * that many; an id stored in another stream, while it is among the last that many of $all.
   */
  duplicateCheckWindow?: number;
  /** Attempts of an append that keeps losing races (an 'any' append to a hot stream). */
  maxAppendAttempts?: number;
  /** Resubscription after a dropped subscription: exponential backoff, reset by each event. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
}

type Recorded = NonNullable<ResolvedEvent['event']> | NonNullable<AllStreamResolvedEvent['event']>;

interface PreparedEvent {
  event: NewEvent;
  dataJson: string;
  metadataJson: string;
}

const RETRY = Symbol('retry');
const COMMAND_EVENT_TYPE = '$tracker-command';
const commandStream = (commandId: string) => `command-${commandId}`;

/**
 * EventStore on EventStoreDB (gRPC, @eventstore/db-client). Streams keep the caller's names;
 * each event is a JSON event whose ESDB metadata is the caller's metadata plus `$hash` and
 * `$prevHash` (and ESDB's `$correlationId` / `$causationId`); the global position is the commit
 * position. An append reads the stream's head and appends with that exact revision, so the hash
 * chain and revision are known before writing; 'any' becomes a retry loop on that.
 */
export class EsdbEventStore implements EventStore {
  private closed = false;
  private readonly subscriptions = new Set<EsdbSubscription>();
  /**
   * "From now" subscriptions whose start is not fixed yet. An append made meanwhile reads the
   * head before writing and offers it, so the subscription starts no later than that append.
   */
  private readonly unstarted = new Set<EsdbSubscription>();
  private readonly window: number;
  private readonly maxAppendAttempts: number;
  readonly reconnect: { initialDelayMs: number; maxDelayMs: number; maxAttempts: number };

  private constructor(
    readonly client: EventStoreDBClient,
    opts: EsdbEventStoreOptions,
  ) {
    this.window = opts.duplicateCheckWindow ?? 32;
    this.maxAppendAttempts = opts.maxAppendAttempts ?? 50;
    this.reconnect = {
      initialDelayMs: opts.reconnect?.initialDelayMs ?? 100,
      maxDelayMs: opts.reconnect?.maxDelayMs ?? 5_000,
      maxAttempts: opts.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY,
    };
  }

  /** E.g. `esdb://127.0.0.1:2113?tls=false`. Connects lazily, on the first call. */
  static connect(connectionString: string, opts: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), opts);
  }

  // ------------------------------------------------------------------ appends

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    opts: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = opts.expectedRevision;
    // Everything that can throw on bad input happens before the first request.
    if (streamId.length === 0 || streamId.startsWith('$')) {
      throw new TypeError(
        `stream id ${JSON.stringify(streamId)} is empty or reserved for EventStoreDB`,
      );
    }
    const ids = new Set<string>();
    const prepared: PreparedEvent[] = [];
    for (const event of events) {
      if (ids.has(event.id)) {
        throw new DuplicateEventIdError(streamId, [event.id], 'event id repeated in one append');
      }
      ids.add(event.id);
      if (event.type.startsWith('$')) {
        throw new TypeError(`event type ${event.type} is reserved for EventStoreDB system events`);
      }
      for (const key of RESERVED_METADATA_KEYS) {
        if (key in event.metadata) throw new TypeError(`metadata key ${key} is reserved`);
      }
      prepared.push({
        event,
        dataJson: canonicalJsonForStorage(event.data),
        metadataJson: canonicalJsonForStorage(event.metadata),
      });
    }

    let unavailable = 0;
    for (let attempt = 1; ; attempt++) {
      let outcome: AppendResult | typeof RETRY;
      try {
        outcome = await this.tryAppend(streamId, prepared, expected);
      } catch (err) {
        // Safe to repeat: a write that did land is found by its ids on the next attempt.
        if (statusCode(err) === UNAVAILABLE && unavailable++ < APPEND_UNAVAILABLE_RETRIES) {
          await sleep(100 * 2 ** unavailable);
          continue;
        }
        if (err instanceof MaxAppendSizeExceededError) {
          // The client's own error has no message.
          throw new Error(
            `stream ${streamId}: the append exceeds EventStoreDB's maximum append size` +
              ` (${err.maxAppendSize} bytes of data and metadata); raise the server's MaxAppendSize`,
            { cause: err },
          );
        }
        throw err;
      }
      if (outcome !== RETRY) {
        const key = commandKeyOf(events);
        if (key && events.length > 0)
          await this.reserveCommand(streamId, key, outcome.lastPosition);
        return outcome;
      }
      if (attempt >= this.maxAppendAttempts) {
        const head = (await this.streamTail(streamId, 1))[0];
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          head ? head.revision : 'no_stream',
        );
      }
      await sleep(Math.random() * Math.min(50, attempt * 2));
    }
  }

  /**
   * commandIds are global: EventStoreDB has no lookup by anything but stream, so each command gets
   * a `command-<commandId>` stream holding one reservation (the documented exception to one stream
   * per command). Its `$` type keeps it out of every read of $all here. Written after the events:
   * a crash between the two leaves a command that a retry finds by its event ids instead.
   */
  private async reserveCommand(
    streamId: string,
    key: NonNullable<ReturnType<typeof commandKeyOf>>,
    position: bigint,
  ): Promise<void> {
    const data = { ...key, streamId, position: position.toString() };
    try {
      await this.client.appendToStream(
        commandStream(key.commandId),
        jsonEvent({ type: COMMAND_EVENT_TYPE, data }),
        { expectedRevision: NO_STREAM },
      );
    } catch (err) {
      // Reserved already: the first command keeps it.
      if (!(err instanceof EsdbWrongExpectedVersionError)) throw err;
    }
  }

  async findCommand(commandId: string): Promise<StoredCommand | null> {
    this.assertOpen();
    try {
      // Read to the end (one event): leaving a read half-consumed keeps its call open.
      const [r] = await collect(
        this.client.readStream(commandStream(commandId), {
          fromRevision: START,
          maxCount: 1,
          direction: FORWARDS,
          requiresLeader: true,
        }),
      );
      const d = r?.event?.data as Record<string, string | null> | undefined;
      if (d)
        return {
          commandId,
          streamId: String(d.streamId),
          position: BigInt(String(d.position)),
          command: d.command ?? null,
          fingerprint: d.fingerprint ?? null,
          resultId: d.resultId ?? null,
        };
      return null;
    } catch (err) {
      if (err instanceof StreamNotFoundError) return null;
      throw err;
    }
  }

  /** One read-check-write round; RETRY when the stream moved between the read and the write. */
  private async tryAppend(
    streamId: string,
    prepared: PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult | typeof RETRY> {
    if (this.unstarted.size > 0) {
      const head = await this.headPosition();
      for (const sub of this.unstarted) sub.offerStart(head);
    }
    const n = prepared.length;
    const tailSize = Math.max(1, this.window);
    const [tail, allTail] = await Promise.all([
      this.streamTail(streamId, tailSize),
      n > 0 && this.window > 0 ? this.allTail(this.window) : Promise.resolve([]),
    ]);
    const earlier = await this.earlierResult(streamId, prepared, tail, tailSize, allTail);
    if (earlier) return earlier;
    const head = tail[0] ?? null;
    if (!revisionMatches(expected, head)) {
      throw new WrongExpectedRevisionError(streamId, expected, head ? head.revision : 'no_stream');
    }
    if (n === 0)
      return { nextRevision: head ? head.revision : -1n, lastPosition: head ? head.position : 0n };

    let prevHash = head ? head.hash || null : null;
    let revision = head ? head.revision + 1n : 0n;
    const data: JSONEventData[] = [];
    for (const { event, dataJson, metadataJson } of prepared) {
      const hash = eventHashOfCanonical(
        { id: event.id, streamId, revision, type: event.type, dataJson, metadataJson },
        prevHash,
      );
      data.push(
        jsonEvent({
          id: event.id,
          type: event.type,
          data: event.data,
          metadata: esdbMetadata(event.metadata, hash, prevHash),
        }),
      );
      prevHash = hash;
      revision++;
    }
    try {
      const result = await this.client.appendToStream(streamId, data, {
        expectedRevision: head ? head.revision : NO_STREAM,
      });
      const nextRevision = result.nextExpectedRevision;
      const commit = result.position?.commit;
      // An append the server recognised as a retry of an earlier one may carry no position.
      const lastPosition =
        commit !== undefined && commit > 0n && commit <= MAX_POSITION
          ? commit
          : await this.positionOfRevision(streamId, nextRevision);
      return { nextRevision, lastPosition };
    } catch (err) {
      // Someone wrote first: the next round finds our ids (a racing retry), a wrong revision,
      // or, for 'any', a new head to append after.
      if (err instanceof EsdbWrongExpectedVersionError) return RETRY;
      throw err;
    }
  }

  /**
   * The result of an earlier identical append (all ids stored in this stream), null if none of
   * the ids is stored (as far as the window shows), else DuplicateEventIdError.
   */
  private async earlierResult(
    streamId: string,
    prepared: PreparedEvent[],
    tail: StoredEvent[],
    tailSize: number,
    allTail: StoredEvent[],
  ): Promise<AppendResult | null> {
    const n = prepared.length;
    if (n === 0) return null;
    const inStream = new Map(tail.map((e) => [e.id, e]));
    const found = () => prepared.map((p) => inStream.get(p.event.id));
    let stored = found();
    let count = stored.filter((e) => e !== undefined).length;
    const oldest = tail[tail.length - 1];
    if (count > 0 && count < n && tail.length === tailSize && oldest.revision > 0n) {
      // The window may have cut an earlier identical append in two: read the rest of it.
      for (const e of await this.streamPage(streamId, oldest.revision - 1n, n, BACKWARDS)) {
        inStream.set(e.id, e);
      }
      stored = found();
      count = stored.filter((e) => e !== undefined).length;
    }
    const wanted = new Set(prepared.map((p) => p.event.id));
    const elsewhere = allTail.filter(
      (e) => e.streamId !== streamId && wanted.has(e.id) && !inStream.has(e.id),
    );
    if (elsewhere.length > 0) {
      throw new DuplicateEventIdError(
        streamId,
        elsewhere.map((e) => e.id),
        'event ids already stored in another stream',
      );
    }
    if (count === 0) return null;
    if (count < n) {
      throw new DuplicateEventIdError(
        streamId,
        prepared.filter((_, i) => stored[i] !== undefined).map((p) => p.event.id),
        'some event ids of this append are already stored, others are not',
      );
    }
    const last = stored[n - 1]!;
    return { nextRevision: last.revision, lastPosition: last.position };
  }

  // ------------------------------------------------------------------ reads

  readStream(
    streamId: string,
    opts: { fromRevision?: bigint; toPosition?: bigint } = {},
  ): AsyncIterable<StoredEvent> {
    return { [Symbol.asyncIterator]: () => this.readStreamPages(streamId, opts) };
  }

  private async *readStreamPages(
    streamId: string,
    opts: { fromRevision?: bigint; toPosition?: bigint },
  ): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    let next = opts.fromRevision ?? 0n;
    for (;;) {
      const read = this.client.readStream(streamId, {
        fromRevision: next,
        maxCount: PAGE_SIZE,
        direction: FORWARDS,
      });
      let count = 0;
      let drained = false;
      try {
        for await (const resolved of read) {
          count++;
          if (!resolved.event) continue;
          const e = toStored(resolved.event);
          if (opts.toPosition !== undefined && e.position > opts.toPosition) return;
          next = e.revision + 1n;
          yield e;
        }
        drained = true;
      } catch (err) {
        if (err instanceof StreamNotFoundError) return;
        throw err;
      } finally {
        if (!drained) await cancel(read);
      }
      if (count < PAGE_SIZE) return;
    }
  }

  readAll(opts: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return { [Symbol.asyncIterator]: () => this.readAllPages(opts) };
  }

  /**
   * Pages of $all forwards, system events skipped, the filter applied here: the client's readAll
   * takes no server-side filter (subscriptions use one). Bounded by the head at start, so a read
   * under constant appends still ends.
   */
  private async *readAllPages(opts: ReadAllOptions): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    const from = opts.fromPosition ?? 0n;
    let remaining = opts.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const upTo = opts.toPosition ?? (await this.headPosition());
    if (upTo <= from) return;
    const filtered = hasFilter(opts.filter);
    let start: ReadPosition = from > 0n ? { commit: from, prepare: from } : START;
    let verified = from === 0n;
    let floor = from;
    for (;;) {
      // Unfiltered, maxCount bounds the page (one more for the start event a position repeats).
      const pageSize = filtered ? PAGE_SIZE : Math.min(PAGE_SIZE, remaining + 1);
      const read = this.client.readAll({
        fromPosition: start,
        maxCount: pageSize,
        direction: FORWARDS,
      });
      let count = 0;
      let last: Position | undefined;
      let finished = false;
      let drained = false;
      try {
        for await (const resolved of read) {
          count++;
          const rec = resolved.event;
          if (!rec) continue;
          last = rec.position;
          const position = positionOf(rec);
          if (position <= floor) continue;
          if (position > upTo) {
            finished = true;
            break;
          }
          if (isSystem(rec)) continue;
          const e = toStored(rec);
          if (!matchesFilter(e, opts.filter)) continue;
          yield e;
          if (--remaining <= 0) {
            finished = true;
            break;
          }
        }
        drained = !finished;
      } catch (err) {
        if (count === 0 && !verified) {
          // A position inside a record (not one the store returned) is refused: find the last
          // event at or before it, which reads the same events.
          verified = true;
          start = await this.seek(from);
          continue;
        }
        throw err;
      } finally {
        if (!drained) await cancel(read);
      }
      verified = true;
      if (finished || count < pageSize || !last) return;
      start = last;
      const lastPosition = positionOf({ position: last });
      if (lastPosition > floor) floor = lastPosition;
    }
  }

  /** Position of the last non-system event (0n when none). */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    let from: ReadPosition = END;
    let below = MAX_POSITION + 1n;
    let size = 1;
    for (;;) {
      const page = await collect(
        this.client.readAll({ fromPosition: from, maxCount: size, direction: BACKWARDS }),
      );
      let last: Position | undefined;
      for (const { event } of page) {
        if (!event) continue;
        const position = positionOf(event);
        if (position >= below) continue;
        if (!isSystem(event)) return position;
        below = position;
        last = event.position;
      }
      if (page.length < size || !last) return 0n;
      from = last;
      size = SCAN_PAGE_SIZE;
    }
  }

  /** The $all position of the last event at or before `position`, or START when none is. */
  private async seek(position: bigint): Promise<ReadPosition> {
    let from: ReadPosition = END;
    let below = MAX_POSITION + 1n;
    for (;;) {
      const page = await collect(
        this.client.readAll({ fromPosition: from, maxCount: SCAN_PAGE_SIZE, direction: BACKWARDS }),
      );
      let last: Position | undefined;
      for (const { event } of page) {
        if (!event?.position) continue;
        const p = positionOf(event);
        if (p >= below) continue;
        if (p <= position) return event.position;
        below = p;
        last = event.position;
      }
      if (page.length < SCAN_PAGE_SIZE || !last) return START;
      from = last;
    }
  }

  /** A caller's exclusive start position as an ESDB position a subscription accepts. */
  async resolveStart(position: bigint): Promise<ReadPosition> {
    if (position === 0n) return START;
    let exact: Position | undefined;
    try {
      const [first] = await collect(
        this.client.readAll({
          fromPosition: { commit: position, prepare: position },
          maxCount: 1,
          direction: FORWARDS,
        }),
      );
      if (first?.event?.position && positionOf(first.event) === position) {
        exact = first.event.position;
      }
    } catch (err) {
      if (statusCode(err) === UNAVAILABLE) throw err;
    }
    return exact ?? this.seek(position);
  }

  /** Newest first: the stream's last `count` events. */
  private async streamTail(streamId: string, count: number): Promise<StoredEvent[]> {
    return this.streamPage(streamId, END, count, BACKWARDS);
  }

  private async streamPage(
    streamId: string,
    fromRevision: bigint | typeof END,
    count: number,
    direction: typeof FORWARDS | typeof BACKWARDS,
  ): Promise<StoredEvent[]> {
    try {
      const page = await collect(
        this.client.readStream(streamId, {
          fromRevision,
          maxCount: count,
          direction,
          requiresLeader: true,
        }),
      );
      return page.flatMap((r) => (r.event ? [toStored(r.event)] : []));
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
  }

  private async allTail(count: number): Promise<StoredEvent[]> {
    const page = await collect(
      this.client.readAll({
        fromPosition: END,
        maxCount: count,
        direction: BACKWARDS,
        requiresLeader: true,
      }),
    );
    return page.flatMap((r) => (r.event && !isSystem(r.event) ? [toStored(r.event)] : []));
  }

  private async positionOfRevision(streamId: string, revision: bigint): Promise<bigint> {
    const [e] = await this.streamPage(streamId, revision, 1, FORWARDS);
    if (!e || e.revision !== revision) {
      throw new Error(`stream ${streamId}: revision ${revision} not found after append`);
    }
    return e.position;
  }

  // ------------------------------------------------------------------ subscriptions

  subscribe(opts: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    let sub: EsdbSubscription;
    if (opts.fromPosition === undefined) {
      // "From now": the head when the start is fixed, or earlier if an append of this store
      // came first (see unstarted), so an append made after subscribe() is always delivered.
      sub = new EsdbSubscription(
        this,
        async () => {
          const current = await this.headPosition();
          const head = sub.takeStart(current);
          this.unstarted.delete(sub);
          return [head, positionAt(head)];
        },
        opts.filter,
      );
      this.unstarted.add(sub);
    } else {
      const from = opts.fromPosition;
      sub = new EsdbSubscription(
        this,
        async () => [from, await this.resolveStart(from)],
        opts.filter,
      );
    }
    this.subscriptions.add(sub);
    return sub;
  }

  forget(sub: EsdbSubscription): void {
    this.subscriptions.delete(sub);
    this.unstarted.delete(sub);
  }

  /** Ends subscriptions, cancels open calls and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
    // The client has no close(); its channel is reachable through a protected accessor.
    const channel = (this.client as unknown as { getChannel?: () => Promise<{ close(): void }> })
      .getChannel;
    if (channel) (await channel()).close();
  }

  isClosed(): boolean {
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/**
 * subscribeToAll from the last position seen, with a server-side filter (stream-name or
 * event-type prefixes, else "no system events") and the exact filter applied here. A dropped
 * subscription is reopened from the last event received, so nothing is skipped or repeated.
 */
class EsdbSubscription implements EventSubscription {
  private buffer: StoredEvent[] = [];
  private waiters: {
    resolve: (r: IteratorResult<StoredEvent>) => void;
    reject: (err: unknown) => void;
  }[] = [];
  private closed = false;
  private failure: { error: unknown } | null = null;
  private source: AllStreamSubscription | null = null;
  private paused = false;
  private attempts = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Events at or below this position have been received. */
  private floor = 0n;
  private resumeAt: ReadPosition = START;
  private readonly serverFilter: Filter;

  /** `init` gives the first exclusive position and where to subscribe from; retried like a drop. */
  constructor(
    private readonly store: EsdbEventStore,
    init: () => Promise<[bigint, ReadPosition]>,
    private readonly filter: EventFilter | undefined,
  ) {
    this.serverFilter = serverFilterOf(filter);
    this.begin(init);
  }

  /** Lowest head offered by appends made before this "from now" subscription's start is fixed. */
  private offered: bigint | null = null;

  offerStart(head: bigint): void {
    if (this.offered === null || head < this.offered) this.offered = head;
  }

  takeStart(head: bigint): bigint {
    return this.offered !== null && this.offered < head ? this.offered : head;
  }

  private begin(init: () => Promise<[bigint, ReadPosition]>): void {
    init().then(
      ([floor, start]) => {
        if (this.closed) return;
        this.floor = floor;
        this.resumeAt = start;
        this.open();
      },
      (err: unknown) => this.retryLater(err, () => this.begin(init)),
    );
  }

  private open(): void {
    const sub = this.store.client.subscribeToAll({
      fromPosition: this.resumeAt,
      filter: this.serverFilter,
    });
    this.source = sub;
    this.paused = this.buffer.length >= SUBSCRIPTION_HIGH_WATER;
    if (this.paused) sub.pause();
    sub.on('data', (resolved: AllStreamResolvedEvent) => this.onEvent(sub, resolved));
    sub.on('confirmation', () => {
      if (sub === this.source) this.attempts = 0;
    });
    sub.on('error', (err: unknown) => this.onDrop(sub, err));
    sub.on('end', () => this.onDrop(sub, new Error('subscription ended by the server')));
    sub.on('close', () => this.onDrop(sub, new Error('subscription closed')));
  }

  private onEvent(sub: AllStreamSubscription, resolved: AllStreamResolvedEvent): void {
    if (sub !== this.source || this.closed) return;
    const rec = resolved.event;
    if (!rec) return;
    const position = positionOf(rec);
    if (position <= this.floor) return;
    this.floor = position;
    this.resumeAt = rec.position ?? { commit: position, prepare: position };
    this.attempts = 0;
    if (isSystem(rec)) return;
    const e = toStored(rec);
    if (!matchesFilter(e, this.filter)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve({ value: e, done: false });
      return;
    }
    this.buffer.push(e);
    if (!this.paused && this.buffer.length >= SUBSCRIPTION_HIGH_WATER) {
      this.paused = true;
      sub.pause();
    }
  }

  private onDrop(sub: AllStreamSubscription, err: unknown): void {
    if (sub !== this.source || this.closed) return;
    this.source = null;
    void discard(sub);
    this.retryLater(err, () => this.open());
  }

  /** Backs off and retries after connection trouble; ends the subscription with anything else. */
  private retryLater(err: unknown, retry: () => void): void {
    if (this.closed) return;
    const { initialDelayMs, maxDelayMs, maxAttempts } = this.store.reconnect;
    if (this.store.isClosed() || !isRetryable(err) || this.attempts >= maxAttempts) {
      this.fail(err);
      return;
    }
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** this.attempts);
    this.attempts++;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) retry();
    }, delay);
  }

  /** Events already received are still delivered, then the error once, then done. */
  private fail(error: unknown): void {
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.reject(error);
    else this.failure = { error };
    void this.stop();
  }

  next(): Promise<IteratorResult<StoredEvent>> {
    if (this.buffer.length > 0) {
      const value = this.buffer.shift()!;
      if (this.paused && this.buffer.length <= SUBSCRIPTION_LOW_WATER && this.source) {
        this.paused = false;
        this.source.resume();
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    this.buffer = [];
    this.failure = null;
    await this.stop();
  }

  /** No more events will come: pending next() calls end, the server call is cancelled. */
  private async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
    this.store.forget(this);
    const source = this.source;
    this.source = null;
    if (source) await discard(source);
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoredEvent> {
    return this;
  }
}

// -------------------------------------------------------------------- helpers

function esdbMetadata(
  metadata: EventMetadata,
  hash: string,
  prevHash: string | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...metadata, [HASH_KEY]: hash, [PREV_HASH_KEY]: prevHash };
  if (typeof metadata.correlationId === 'string')
    out[ESDB_CORRELATION_KEY] = metadata.correlationId;
  if (typeof metadata.causationId === 'string') out[ESDB_CAUSATION_KEY] = metadata.causationId;
  return out;
}

function toStored(rec: Recorded): StoredEvent {
  const raw =
    rec.metadata && typeof rec.metadata === 'object' && !(rec.metadata instanceof Uint8Array)
      ? (rec.metadata as Record<string, unknown>)
      : {};
  const metadata: Record<string, unknown> = { ...raw };
  for (const key of RESERVED_METADATA_KEYS) delete metadata[key];
  const hash = raw[HASH_KEY];
  const prevHash = raw[PREV_HASH_KEY];
  return {
    id: rec.id,
    streamId: rec.streamId,
    revision: rec.revision,
    position: positionOf(rec),
    type: rec.type,
    data: (rec.isJson ? rec.data : {}) as Record<string, unknown>,
    metadata: metadata as EventMetadata,
    hash: typeof hash === 'string' ? hash : '',
    prevHash: typeof prevHash === 'string' ? prevHash : null,
  };
}

/** The commit position; the prepare position when the server left the commit position unset. */
function positionOf(rec: { position?: Position }): bigint {
  const p = rec.position;
  if (!p) return 0n;
  if (p.commit > 0n && p.commit <= MAX_POSITION) return p.commit;
  return p.prepare > 0n && p.prepare <= MAX_POSITION ? p.prepare : 0n;
}

/** A position read from $all is that of an event: a subscription accepts it as is. */
function positionAt(position: bigint): ReadPosition {
  return position === 0n ? START : { commit: position, prepare: position };
}

function isSystem(rec: { type: string }): boolean {
  return rec.type.startsWith('$');
}

function hasFilter(f: EventFilter | undefined): boolean {
  return !!(f?.streamIds?.length || f?.streamPrefixes?.length || f?.types?.length);
}

/** The narrowest filter ESDB can apply (one dimension, by prefix); the exact one runs here. */
function serverFilterOf(f: EventFilter | undefined): Filter {
  if (f?.streamIds?.length) return streamNameFilter({ prefixes: [...f.streamIds] });
  if (f?.streamPrefixes?.length) return streamNameFilter({ prefixes: [...f.streamPrefixes] });
  if (f?.types?.length) return eventTypeFilter({ prefixes: [...f.types] });
  return eventTypeFilter({ regex: '^[^$]' });
}

function revisionMatches(expected: ExpectedRevision, head: StoredEvent | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === null;
  return head !== null && head.revision === expected;
}

function statusCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Connection trouble and server-side cancellation are worth a resubscription; refusals are not. */
function isRetryable(err: unknown): boolean {
  const code = statusCode(err);
  return code === undefined ? !(err instanceof TypeError) : !PERMANENT_STATUS_CODES.has(code);
}

async function collect<T>(read: StreamingRead<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of read) out.push(x);
  return out;
}

/** Cancels the gRPC call behind a read the caller stopped early. */
async function cancel(read: { cancel(): Promise<void> }): Promise<void> {
  try {
    await read.cancel();
  } catch {
    // Already finished.
  }
}

async function discard(sub: AllStreamSubscription): Promise<void> {
  sub.removeAllListeners('data');
  sub.on('error', () => undefined);
  try {
    await sub.unsubscribe();
  } catch {
    // Already gone with its connection.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

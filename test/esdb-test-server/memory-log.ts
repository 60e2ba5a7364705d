import { randomUUID } from 'node:crypto';

/**
 * The in-memory transaction log behind the ESDB test server: one global log of records whose
 * positions grow like byte offsets (strictly increasing, not dense), plus per-stream indexes.
 * It outlives a server restart, as a real node's database does.
 */

export interface LogRecord {
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns since 0001-01-01), as ESDB stamps "created". */
  created: bigint;
  /** Commit position = prepare position (every append is one implicit transaction per event). */
  position: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

/** Mirrors the proto's expected_stream_revision oneof. */
export type ExpectedStreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendOutcome =
  | { kind: 'written'; currentRevision: bigint; position: bigint }
  /** ESDB's idempotent write: every id already stored where this append would have put it. */
  | { kind: 'idempotent'; currentRevision: bigint }
  | { kind: 'wrong_expected_version'; currentRevision: bigint | null }
  | { kind: 'too_large'; maxAppendSize: number };

/** Fixed per-record overhead added to the position, so positions look like log offsets. */
const RECORD_HEADER_BYTES = 96n;
const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;

export class MemoryLog {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly byId = new Map<string, LogRecord>();
  private readonly listeners = new Set<() => void>();
  private next = 0n;

  constructor(readonly maxAppendSize: number) {
    // A fresh node already holds a few system events; adapters must skip them.
    this.write('$settings', [systemEvent('$settings', { $userStreamAcl: {} })]);
    this.write('$user-admin', [systemEvent('$UserCreated', { loginName: 'admin' })]);
  }

  /** Where the next record will be written: the "end" of $all. */
  get endPosition(): bigint {
    return this.next;
  }

  stream(name: string): LogRecord[] | undefined {
    return this.streams.get(name);
  }

  /** Index of the record at exactly this position, or -1 when no record starts there. */
  indexOfPosition(position: bigint): number {
    let lo = 0;
    let hi = this.records.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.records[mid].position;
      if (p === position) return mid;
      if (p < position) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Wakes every waiting subscription after each write. Returns an unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * ESDB's commit check, as a single node applies it: an exact or no_stream expectation behind
   * the stream's head is an idempotent write when the following events carry the same ids (in
   * order), a wrong expected version otherwise; 'any' is idempotent when the ids are already in
   * this stream, consecutively.
   */
  append(stream: string, expected: ExpectedStreamState, events: ProposedEvent[]): AppendOutcome {
    let size = 0;
    for (const e of events) size += e.data.length + e.metadata.length;
    if (size > this.maxAppendSize) return { kind: 'too_large', maxAppendSize: this.maxAppendSize };

    const existing = this.streams.get(stream) ?? [];
    const current = BigInt(existing.length) - 1n;
    const wrong = (): AppendOutcome => ({
      kind: 'wrong_expected_version',
      currentRevision: current < 0n ? null : current,
    });

    if (expected === 'any') {
      const first = events.length > 0 ? this.byId.get(events[0].id) : undefined;
      if (first && first.stream === stream) {
        const idem = this.idempotentFrom(existing, first.revision - 1n, events);
        return idem ?? wrong();
      }
    } else if (expected === 'stream_exists') {
      if (current < 0n) return wrong();
    } else {
      const e = expected === 'no_stream' ? -1n : expected;
      if (e > current) return wrong();
      if (e < current) return this.idempotentFrom(existing, e, events) ?? wrong();
    }
    if (events.length === 0) {
      return { kind: 'written', currentRevision: current, position: this.next };
    }
    const written = this.write(stream, events);
    return {
      kind: 'written',
      currentRevision: written[written.length - 1].revision,
      position: written[written.length - 1].position,
    };
  }

  private idempotentFrom(
    existing: LogRecord[],
    after: bigint,
    events: ProposedEvent[],
  ): AppendOutcome | null {
    if (events.length === 0) return null;
    for (let i = 0; i < events.length; i++) {
      const r = existing[Number(after) + 1 + i];
      if (!r || r.id !== events[i].id) return null;
    }
    return { kind: 'idempotent', currentRevision: after + BigInt(events.length) };
  }

  private write(stream: string, events: ProposedEvent[]): LogRecord[] {
    let list = this.streams.get(stream);
    if (!list) {
      list = [];
      this.streams.set(stream, list);
    }
    const created = BigInt(Date.now()) * 10_000n + TICKS_AT_UNIX_EPOCH;
    const out: LogRecord[] = [];
    for (const e of events) {
      const record: LogRecord = {
        ...e,
        stream,
        revision: BigInt(list.length),
        created,
        position: this.next,
      };
      this.next +=
        RECORD_HEADER_BYTES +
        BigInt(e.data.length + e.metadata.length) +
        BigInt(Buffer.byteLength(stream) + Buffer.byteLength(e.type));
      list.push(record);
      this.records.push(record);
      this.byId.set(e.id, record);
      out.push(record);
    }
    for (const l of [...this.listeners]) l();
    return out;
  }
}

function systemEvent(type: string, data: unknown): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data)),
    metadata: new Uint8Array(0),
  };
}

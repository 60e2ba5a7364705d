import Database from 'better-sqlite3';
import { canonicalJsonForStorage, eventHashOfCanonical } from './event-hash';
import {
  AppendResult,
  DuplicateEventIdError,
  EventFilter,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  commandKeyOf,
  type StoredCommand,
  ReadAllOptions,
  StoredEvent,
  SubscribeOptions,
  WrongExpectedRevisionError,
} from './event-store.port';

/** Rows fetched per query: bounds memory on huge stores while keeping query overhead low. */
/** The schema of events.db (PRAGMA user_version): raised when a change needs old files upgraded. */
export const EVENTS_SCHEMA_VERSION = 1;

const PAGE_SIZE = 1000;
/** Stream heads kept in memory; a miss costs one indexed lookup. */
const HEAD_CACHE_SIZE = 10_000;
const DEFAULT_POLL_INTERVAL_MS = 200;

/** Exported for the benchmark's raw baseline, which must use the very same table. */
export const SQLITE_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  hash TEXT NOT NULL,
  prev_hash TEXT,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_type_position ON events (type, position);
`;

/** commandIds are global: one row per command, written in the transaction of its events. */
const SQLITE_COMMANDS_SCHEMA = `
CREATE TABLE commands (
  command_id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  command TEXT,
  fingerprint TEXT,
  result_id TEXT
) WITHOUT ROWID;
INSERT INTO commands
  SELECT json_extract(metadata, '$.commandId'), stream_id, max(position),
         json_extract(metadata, '$.command'), json_extract(metadata, '$.commandFingerprint'),
         json_extract(metadata, '$.resultId')
  FROM events WHERE json_extract(metadata, '$.commandId') IS NOT NULL
  GROUP BY json_extract(metadata, '$.commandId');
`;

const COLUMNS = 'position, id, stream_id, revision, type, data, metadata, hash, prev_hash';

/** Column order of COLUMNS; rows are read in raw (array) mode, which is cheaper than objects. */
type EventRow = [bigint, string, string, bigint, string, string, string, string, string | null];

type InsertParams = [string, string, bigint, string, string, string, string, string | null];

interface StreamHead {
  revision: bigint;
  hash: string;
  position: bigint;
}

/** An event serialised when appendToStream is called: later changes by the caller can't leak in. */
interface PreparedEvent {
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
}

type CommandKey = NonNullable<ReturnType<typeof commandKeyOf>>;

interface PendingAppend {
  streamId: string;
  events: PreparedEvent[];
  command: CommandKey | null;
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Stmt<P extends unknown[], R = unknown> = Database.Statement<P, R>;

function toEvent(r: EventRow): StoredEvent {
  return {
    position: r[0],
    id: r[1],
    streamId: r[2],
    revision: r[3],
    type: r[4],
    data: JSON.parse(r[5]),
    metadata: JSON.parse(r[6]),
    hash: r[7],
    prevHash: r[8],
  };
}

/**
 * The SQLite result code of an error thrown by better-sqlite3. Duck-typed: the native addon keeps
 * the first SqliteError class it saw, so instanceof fails under module registries such as Jest's.
 */
function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

function isConstraintError(err: unknown): boolean {
  return sqliteCode(err)?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

function revisionMatches(expected: ExpectedRevision, head: StreamHead | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === null;
  return head !== null && head.revision === expected;
}

/**
 * Validates and serialises an append's events. The stored text is the canonical form itself:
 * serialised once, and exactly what the hash covers.
 */
function prepareEvents(streamId: string, events: NewEvent[]): PreparedEvent[] {
  if (typeof streamId !== 'string' || streamId === '') {
    throw new TypeError('stream id must be a non-empty string');
  }
  const ids = new Set<string>();
  return events.map((e) => {
    if (typeof e.id !== 'string' || e.id === '' || typeof e.type !== 'string' || e.type === '') {
      throw new TypeError(`stream ${streamId}: event id and type must be non-empty strings`);
    }
    if (!isObject(e.data) || !isObject(e.metadata)) {
      throw new TypeError(`stream ${streamId}: event ${e.id} needs data and metadata objects`);
    }
    if (ids.has(e.id)) {
      throw new DuplicateEventIdError(streamId, [e.id], 'event id repeated in one append');
    }
    ids.add(e.id);
    return {
      id: e.id,
      type: e.type,
      dataJson: canonicalJsonForStorage(e.data),
      metadataJson: canonicalJsonForStorage(e.metadata),
    };
  });
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Below this many positions to scan, walking the position range beats any index. */
const NARROW_RANGE = 10_000n;

/**
 * Builds "AND ..." clauses mirroring matchesFilter, so paging and maxCount count only matches,
 * and picks the index: every plan must deliver rows in position order without sorting them all,
 * or reading a huge store page by page would be quadratic. A unary + keeps SQLite off an index.
 */
function filterSql(f: EventFilter | undefined, range: bigint): { sql: string; params: string[] } {
  const types = f?.types ?? [];
  const streamIds = f?.streamIds ?? [];
  const prefixes = f?.streamPrefixes ?? [];
  // One type: (type, position) is already in order. A few streams over a wide range: their
  // (stream_id, revision) entries, sorted. Anything else: the position range itself.
  const byType = types.length === 1;
  const byStream = !byType && streamIds.length > 0 && range > NARROW_RANGE;
  let sql = '';
  const params: string[] = [];
  if (types.length > 0) {
    sql += ` AND ${byType ? '' : '+'}type IN (${types.map(() => '?').join(',')})`;
    params.push(...types);
  }
  if (streamIds.length > 0) {
    sql += ` AND ${byStream ? '' : '+'}stream_id IN (${streamIds.map(() => '?').join(',')})`;
    params.push(...streamIds);
  }
  if (prefixes.length > 0) {
    // substr/length count characters on both sides, so this is startsWith for any Unicode text.
    sql += ` AND (${prefixes.map(() => 'substr(stream_id, 1, length(?)) = ?').join(' OR ')})`;
    for (const p of prefixes) params.push(p, p);
  }
  return { sql, params };
}

/** Pull-based iterator over pages fetched synchronously; no query stays open between pages. */
class PagedIterator implements AsyncIterableIterator<StoredEvent> {
  private page: EventRow[] = [];
  private index = 0;
  private finished = false;

  /** fetchPage returns the next page, or null when there is nothing more. */
  constructor(private readonly fetchPage: () => EventRow[] | null) {}

  next(): Promise<IteratorResult<StoredEvent>> {
    try {
      if (this.index >= this.page.length && !this.finished) {
        const page = this.fetchPage();
        this.page = page ?? [];
        this.index = 0;
        if (this.page.length === 0) this.finished = true;
      }
      if (this.index < this.page.length) {
        return Promise.resolve({ value: toEvent(this.page[this.index++]), done: false });
      }
      return Promise.resolve({ value: undefined, done: true });
    } catch (err) {
      this.finished = true;
      return Promise.reject(err);
    }
  }

  return(): Promise<IteratorResult<StoredEvent>> {
    this.finished = true;
    this.page = [];
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoredEvent> {
    return this;
  }
}

/**
 * Reads the table after the last delivered position, so catch-up and live are one loop and the
 * switch can neither skip nor repeat. Woken by in-process commits and by a poll timer (commits
 * made by other processes).
 */
class SqliteSubscription implements EventSubscription {
  private page: EventRow[] = [];
  private index = 0;
  private closed = false;
  private waiter: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Serialises next() calls that have to wait, so results come in order. */
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly store: SqliteEventStore,
    private cursor: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly pollIntervalMs: number,
  ) {}

  next(): Promise<IteratorResult<StoredEvent>> {
    if (this.waiting === 0) {
      if (this.index < this.page.length) {
        return Promise.resolve({ value: toEvent(this.page[this.index++]), done: false });
      }
      if (this.closed) return Promise.resolve({ value: undefined, done: true });
    }
    this.waiting++;
    const result = this.tail.then(() => this.pull()).finally(() => this.waiting--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async pull(): Promise<IteratorResult<StoredEvent>> {
    for (;;) {
      if (this.index < this.page.length) {
        return { value: toEvent(this.page[this.index++]), done: false };
      }
      if (this.closed) return { value: undefined, done: true };
      const { rows, scannedTo } = this.store.readPageAfter(this.cursor, this.filter);
      this.page = rows;
      this.index = 0;
      this.cursor = scannedTo;
      if (rows.length === 0) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
      if (this.pollIntervalMs > 0) this.timer = setTimeout(() => this.wake(), this.pollIntervalMs);
    });
  }

  /** Called by the store after each commit, and by the poll timer. */
  wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.page = [];
      this.index = 0;
      this.store.unsubscribe(this);
      this.wake();
    }
    return Promise.resolve();
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoredEvent> {
    return this;
  }
}

/**
 * Embedded event store on one SQLite file (WAL, synchronous=FULL: an acknowledged append is on
 * disk). Appends are group-committed: everything queued during one event-loop turn is written in
 * a single transaction, each append checked and refused on its own.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  /** Committed heads only (LRU by insertion order); invalidated when another connection writes. */
  private readonly heads = new Map<string, StreamHead>();
  private dataVersion = -1n;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly pageStmts = new Map<string, Stmt<unknown[], EventRow>>();

  private readonly insertStmt: Stmt<InsertParams>;
  private readonly commandInsertStmt: Stmt<[string, string, bigint, ...(string | null)[]]>;
  private readonly commandStmt: Stmt<
    [string],
    {
      command_id: string;
      stream_id: string;
      position: bigint;
      command: string | null;
      fingerprint: string | null;
      result_id: string | null;
    }
  >;
  private readonly headStmt: Stmt<[string], { revision: bigint; hash: string; position: bigint }>;
  private readonly byIdStmt: Stmt<
    [string],
    { stream_id: string; revision: bigint; position: bigint }
  >;
  private readonly maxPositionStmt: Stmt<[], bigint>;
  private readonly dataVersionStmt: Stmt<[], bigint>;
  private readonly streamStmts: Map<boolean, Stmt<unknown[], EventRow>>;
  private readonly writeBatch: (
    batch: PendingAppend[],
    heads: Map<string, StreamHead | null>,
  ) => (AppendResult | Error)[];
  private readonly insertMany: (rows: InsertParams[]) => bigint[];

  private constructor(filePath: string, opts: { pollIntervalMs?: number }) {
    this.pollIntervalMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const db = new Database(filePath, { timeout: 10_000 });
    this.db = db;
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // A group commit dirties many random index pages; checkpointing every 16 MB rather than
      // 4 MB writes each hot page back less often. The size limit shrinks the WAL again after
      // a long reader held it back.
      db.pragma('wal_autocheckpoint = 4000');
      db.pragma('journal_size_limit = 67108864');
      db.defaultSafeIntegers(true);
      const version = Number(db.pragma('user_version', { simple: true }));
      // Written by a newer version: refuse before changing anything in it.
      if (version > EVENTS_SCHEMA_VERSION)
        throw new Error(
          `${filePath} has schema version ${version}, newer than this code knows (${EVENTS_SCHEMA_VERSION})`,
        );
      db.exec(SQLITE_EVENTS_SCHEMA);
      if (version < EVENTS_SCHEMA_VERSION) db.pragma(`user_version = ${EVENTS_SCHEMA_VERSION}`);
      // Created (and filled from the events already stored) once, by the first open after upgrade.
      db.transaction(() => {
        const exists = db
          .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'commands'")
          .get();
        if (!exists) db.exec(SQLITE_COMMANDS_SCHEMA);
      }).immediate();
    } catch (err) {
      db.close();
      throw err;
    }
    this.insertStmt = db.prepare(
      'INSERT INTO events (id, stream_id, revision, type, data, metadata, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.headStmt = db.prepare(
      'SELECT revision, hash, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    // A command already stored keeps its first row (the runner checks before it decides).
    this.commandInsertStmt = db.prepare(
      'INSERT OR IGNORE INTO commands (command_id, stream_id, position, command, fingerprint, result_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.commandStmt = db.prepare(
      'SELECT command_id, stream_id, position, command, fingerprint, result_id FROM commands WHERE command_id = ?',
    );
    this.byIdStmt = db.prepare('SELECT stream_id, revision, position FROM events WHERE id = ?');
    this.maxPositionStmt = db
      .prepare<[], bigint>('SELECT coalesce(max(position), 0) FROM events')
      .pluck();
    this.dataVersionStmt = db.prepare<[], bigint>('PRAGMA data_version').pluck();
    const streamSql = (bounded: boolean) =>
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ?${bounded ? ' AND position <= ?' : ''} ORDER BY revision LIMIT ?`;
    this.streamStmts = new Map([
      [false, db.prepare<unknown[], EventRow>(streamSql(false)).raw()],
      [true, db.prepare<unknown[], EventRow>(streamSql(true)).raw()],
    ]);
    this.insertMany = db.transaction((rows: InsertParams[]) =>
      rows.map((r) => this.insertStmt.run(...r).lastInsertRowid as bigint),
    );
    this.writeBatch = db.transaction(
      (batch: PendingAppend[], heads: Map<string, StreamHead | null>) => {
        // The cache may be stale only if another connection committed since our last look.
        const version = this.dataVersionStmt.get() as bigint;
        if (version !== this.dataVersion) {
          this.heads.clear();
          this.dataVersion = version;
        }
        return batch.map((a) => {
          try {
            return this.applyAppend(a, heads);
          } catch (err) {
            // Refusals and bad input concern one append; I/O and other SQLite errors abort the batch.
            if (sqliteCode(err) && !isConstraintError(err)) throw err;
            return err instanceof Error ? err : new Error(String(err));
          }
        });
      },
    ).immediate;
  }

  static open(filePath: string, opts: { pollIntervalMs?: number } = {}): SqliteEventStore {
    return new SqliteEventStore(filePath, opts);
  }

  appendToStream(
    streamId: string,
    events: NewEvent[],
    opts: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    let prepared: PreparedEvent[];
    try {
      prepared = prepareEvents(streamId, events);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({
        streamId,
        events: prepared,
        command: commandKeyOf(events),
        expected: opts.expectedRevision,
        resolve,
        reject,
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Group commit: one transaction, hence one fsync, for every append queued so far. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0 || !this.db.open) return;
    this.queue = [];
    const heads = new Map<string, StreamHead | null>();
    let outcomes: (AppendResult | Error)[];
    try {
      outcomes = this.writeBatch(batch, heads);
    } catch (err) {
      this.heads.clear();
      for (const a of batch) a.reject(err);
      return;
    }
    for (const [streamId, head] of heads) if (head) this.rememberHead(streamId, head);
    for (const s of this.subscriptions) s.wake();
    for (let i = 0; i < batch.length; i++) {
      const o = outcomes[i];
      if (o instanceof Error) batch[i].reject(o);
      else batch[i].resolve(o);
    }
  }

  private rememberHead(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > HEAD_CACHE_SIZE) {
      this.heads.delete(this.heads.keys().next().value as string);
    }
  }

  /** Head as seen inside the current transaction: this batch's appends first, then cache, then table. */
  private headOf(streamId: string, batchHeads: Map<string, StreamHead | null>): StreamHead | null {
    const inBatch = batchHeads.get(streamId);
    if (inBatch !== undefined) return inBatch;
    const head = this.heads.get(streamId) ?? this.headStmt.get(streamId) ?? null;
    batchHeads.set(streamId, head);
    return head;
  }

  private applyAppend(a: PendingAppend, batchHeads: Map<string, StreamHead | null>): AppendResult {
    const { streamId, events, expected, command } = a;
    const head = this.headOf(streamId, batchHeads);
    if (!revisionMatches(expected, head)) {
      const earlier = this.earlierResult(streamId, events);
      if (earlier) return earlier;
      throw new WrongExpectedRevisionError(streamId, expected, head ? head.revision : 'no_stream');
    }
    if (events.length === 0) {
      return { nextRevision: head ? head.revision : -1n, lastPosition: head ? head.position : 0n };
    }

    const rows: InsertParams[] = [];
    let prevHash = head ? head.hash : null;
    let revision = head ? head.revision + 1n : 0n;
    for (const e of events) {
      const hash = eventHashOfCanonical(
        {
          id: e.id,
          streamId,
          revision,
          type: e.type,
          dataJson: e.dataJson,
          metadataJson: e.metadataJson,
        },
        prevHash,
      );
      rows.push([e.id, streamId, revision, e.type, e.dataJson, e.metadataJson, hash, prevHash]);
      prevHash = hash;
      revision++;
    }

    let lastPosition: bigint;
    try {
      // A single INSERT is atomic by itself; several need a savepoint so a failure undoes them all.
      lastPosition =
        rows.length === 1
          ? (this.insertStmt.run(...rows[0]).lastInsertRowid as bigint)
          : this.insertMany(rows)[rows.length - 1];
      // Cannot fail on a constraint (OR IGNORE), so it never leaves the events half-undone.
      if (command)
        this.commandInsertStmt.run(
          command.commandId,
          streamId,
          lastPosition,
          command.command,
          command.fingerprint,
          command.resultId,
        );
    } catch (err) {
      if (isConstraintError(err)) {
        const earlier = this.earlierResult(streamId, events);
        if (earlier) return earlier;
        // Not an id clash, so the head we had was wrong: forget it rather than fail again.
        this.heads.delete(streamId);
        batchHeads.delete(streamId);
      }
      throw err;
    }
    const nextRevision = revision - 1n;
    batchHeads.set(streamId, {
      revision: nextRevision,
      hash: prevHash as string,
      position: lastPosition,
    });
    return { nextRevision, lastPosition };
  }

  /** The result of an earlier identical append (all ids stored in this stream), or null if none stored. */
  private earlierResult(streamId: string, events: PreparedEvent[]): AppendResult | null {
    if (events.length === 0) return null;
    const found = events.map((e) => this.byIdStmt.get(e.id));
    const stored = found.filter((r) => r !== undefined);
    if (stored.length === 0) return null;
    if (stored.length < events.length) {
      throw new DuplicateEventIdError(
        streamId,
        events.filter((_, i) => found[i] !== undefined).map((e) => e.id),
        'some event ids of this append are already stored, others are not',
      );
    }
    const elsewhere = events.filter((_, i) => found[i]?.stream_id !== streamId).map((e) => e.id);
    if (elsewhere.length > 0) {
      throw new DuplicateEventIdError(
        streamId,
        elsewhere,
        'event ids already stored in another stream',
      );
    }
    const last = found[found.length - 1]!;
    return { nextRevision: last.revision, lastPosition: last.position };
  }

  readStream(
    streamId: string,
    opts: { fromRevision?: bigint; toPosition?: bigint } = {},
  ): AsyncIterable<StoredEvent> {
    return {
      [Symbol.asyncIterator]: () => {
        this.assertOpen();
        let nextRevision = opts.fromRevision ?? 0n;
        const bounded = opts.toPosition !== undefined;
        const stmt = this.streamStmts.get(bounded)!;
        return new PagedIterator(() => {
          if (nextRevision < 0n) return null;
          this.assertOpen();
          const rows = bounded
            ? stmt.all(streamId, nextRevision, opts.toPosition, PAGE_SIZE)
            : stmt.all(streamId, nextRevision, PAGE_SIZE);
          nextRevision = rows.length < PAGE_SIZE ? -1n : rows[rows.length - 1][3] + 1n;
          return rows;
        });
      },
    };
  }

  readAll(opts: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return {
      [Symbol.asyncIterator]: () => {
        this.assertOpen();
        let cursor = opts.fromPosition ?? 0n;
        // Bounded by the head at start, so a read under constant appends still ends.
        const upTo = opts.toPosition ?? this.maxPositionStmt.get()!;
        let remaining = opts.maxCount ?? Number.POSITIVE_INFINITY;
        let finished = false;
        return new PagedIterator(() => {
          if (finished || remaining <= 0) return null;
          this.assertOpen();
          const limit = Math.min(PAGE_SIZE, remaining);
          const { stmt, params } = this.pageStmt(opts.filter, upTo - cursor);
          const rows = stmt.all(cursor, upTo, ...params, limit);
          if (rows.length < limit) finished = true;
          if (rows.length > 0) cursor = rows[rows.length - 1][0];
          remaining -= rows.length;
          return rows;
        });
      },
    };
  }

  /** One page of events after `cursor`, and how far the table has been scanned (for filters). */
  readPageAfter(
    cursor: bigint,
    filter: EventFilter | undefined,
  ): { rows: EventRow[]; scannedTo: bigint } {
    // Everything at or below the head read first is committed, so bounding by it never skips.
    const head = this.maxPositionStmt.get()!;
    if (head <= cursor) return { rows: [], scannedTo: cursor };
    const { stmt, params } = this.pageStmt(filter, head - cursor);
    const rows = stmt.all(cursor, head, ...params, PAGE_SIZE);
    const scannedTo = rows.length < PAGE_SIZE ? head : rows[rows.length - 1][0];
    return { rows, scannedTo };
  }

  private pageStmt(
    filter: EventFilter | undefined,
    range: bigint,
  ): { stmt: Stmt<unknown[], EventRow>; params: string[] } {
    const { sql: where, params } = filterSql(filter, range);
    const sql = `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ?${where} ORDER BY position LIMIT ?`;
    let stmt = this.pageStmts.get(sql);
    if (!stmt) {
      if (this.pageStmts.size >= 100) this.pageStmts.clear();
      stmt = this.db.prepare<unknown[], EventRow>(sql).raw();
      this.pageStmts.set(sql, stmt);
    }
    return { stmt, params };
  }

  subscribe(opts: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const from = opts.fromPosition ?? this.maxPositionStmt.get()!;
    const sub = new SqliteSubscription(this, from, opts.filter, this.pollIntervalMs);
    this.subscriptions.add(sub);
    return sub;
  }

  unsubscribe(sub: SqliteSubscription): void {
    this.subscriptions.delete(sub);
  }

  findCommand(commandId: string): Promise<StoredCommand | null> {
    try {
      this.assertOpen();
      const r = this.commandStmt.get(commandId);
      return Promise.resolve(
        r
          ? {
              commandId: r.command_id,
              streamId: r.stream_id,
              position: r.position,
              command: r.command,
              fingerprint: r.fingerprint,
              resultId: r.result_id,
            }
          : null,
      );
    } catch (err) {
      return Promise.reject(err);
    }
  }

  headPosition(): Promise<bigint> {
    try {
      this.assertOpen();
      return Promise.resolve(this.maxPositionStmt.get()!);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Writes appends already accepted, ends subscriptions, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/**
 * Event store throughput against a raw better-sqlite3 baseline (same schema, WAL, synchronous=FULL).
 * Run: npm run bench:store
 *
 * Short raw and store slices alternate, each after a global sync, and the median of the per-slice
 * ratios is reported: fsync latency on shared disks drifts far more than the difference measured.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExpectedRevision, NewEvent } from '../libs/event-store/event-store.port';
import { SQLITE_EVENTS_SCHEMA, SqliteEventStore } from '../libs/event-store/sqlite-event-store';

const SLICES = 14;
const SLICE_MS = 250;
const READ_ROUNDS = 5;
const STREAMS_PER_WRITER = 8;
const FAKE_HASH = 'f'.repeat(64);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-bench-'));

function makeEvent(w: number, n: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'TaskProgressReported',
    data: {
      taskId: `task-${w}-${n % STREAMS_PER_WRITER}`,
      resolutionId: 'NQ-08-NQ/TU',
      percent: n % 101,
      note: 'Đã hoàn thành khảo sát hiện trạng hạ tầng du lịch tại 3 huyện, chờ tổng hợp báo cáo.',
      attachments: [{ name: 'bao-cao-tien-do.pdf', sizeBytes: 182_044 }],
    },
    metadata: {
      actorId: `user-${w}`,
      actorRole: 'department_head',
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: new Date().toISOString(),
      payloadHash: 'c0ffee'.repeat(10),
    },
  };
}

/** Runs `writers` concurrent loops of `appendOne` for `ms` and returns appends per second. */
async function measure(
  writers: number,
  ms: number,
  appendOne: (w: number, n: number) => Promise<void> | void,
): Promise<number> {
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; process.hrtime.bigint() < deadline; n++) {
        await appendOne(w, n);
        count++;
      }
    }),
  );
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The plain way: one INSERT per transaction into the same table, revisions tracked in memory. */
function rawWriter(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Same table and indexes as the store, so only the store's own work differs.
  db.exec(SQLITE_EVENTS_SCHEMA);
  const insert = db.prepare(
    'INSERT INTO events (id, stream_id, revision, type, data, metadata, hash, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertRow = (e: NewEvent, streamId: string, revision: number) =>
    insert.run(
      e.id,
      streamId,
      revision,
      e.type,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
      FAKE_HASH,
      null,
    );
  const tx = db.transaction(insertRow);
  const txBatch = db.transaction((rows: [NewEvent, string, number][]) => {
    for (const row of rows) insertRow(...row);
  });
  const revisions = new Map<string, number>();
  const next = (streamId: string) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    return revision;
  };
  return {
    db,
    appendBatch(size: number, n: number, tag: string): void {
      txBatch(
        Array.from({ length: size }, (_, w) => {
          const streamId = `${tag}-${w}-${n % STREAMS_PER_WRITER}`;
          return [makeEvent(w, n), streamId, next(streamId)];
        }),
      );
    },
    append(w: number, n: number, tag: string): void {
      const streamId = `${tag}-${w}-${n % STREAMS_PER_WRITER}`;
      tx(makeEvent(w, n), streamId, next(streamId));
    },
  };
}

function storeWriter(store: SqliteEventStore) {
  const expected = new Map<string, ExpectedRevision>();
  return async (w: number, n: number, tag: string): Promise<void> => {
    const streamId = `${tag}-${w}-${n % STREAMS_PER_WRITER}`;
    const r = await store.appendToStream(streamId, [makeEvent(w, n)], {
      expectedRevision: expected.get(streamId) ?? 'no_stream',
    });
    expected.set(streamId, r.nextRevision);
  };
}

interface Row {
  benchmark: string;
  unit: string;
  raw: number;
  store: number;
  ratio: number;
  target: number | null;
}

/**
 * Alternates short raw and store slices and keeps medians: the disk's speed drifts a lot, and
 * interleaving exposes both sides to the same drift. The first slice of each is a warm-up.
 */
async function compare(
  label: string,
  slices: number,
  sliceMs: number,
  runRaw: (slice: number) => Promise<number>,
  runStore: (slice: number) => Promise<number>,
): Promise<{ raw: number; store: number; ratio: number }> {
  const raws: number[] = [];
  const stores: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i <= slices; i++) {
    // Alternate which side goes first, so neither always follows the other's checkpoint.
    let r: number;
    let st: number;
    if (i % 2 === 0) {
      r = await settled(() => runRaw(i));
      st = await settled(() => runStore(i));
    } else {
      st = await settled(() => runStore(i));
      r = await settled(() => runRaw(i));
    }
    if (i === 0) continue;
    raws.push(r);
    stores.push(st);
    ratios.push(st / r);
  }
  const result = { raw: median(raws), store: median(stores), ratio: median(ratios) };
  const how = sliceMs > 0 ? `${slices} slices of ${sliceMs} ms` : `${slices} rounds`;
  log(
    `${label}: raw ${fmt(result.raw)}/s, store ${fmt(result.store)}/s, ratio ${result.ratio.toFixed(2)} ` +
      `(${how}; ratios ${ratios.map((x) => x.toFixed(2)).join(' ')})`,
  );
  return result;
}

/**
 * Flushes every dirty page to disk first: on ext4 an fsync also writes out other files' pending
 * data, so without this each slice would pay for the previous one's writes.
 */
async function settled(run: () => Promise<number>): Promise<number> {
  execFileSync('sync');
  return run();
}

async function main(): Promise<void> {
  log(
    `node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPUs, temp dir ${dir}`,
  );
  const raw = rawWriter(path.join(dir, 'raw.db'));
  const storeFile = path.join(dir, 'store.db');
  const store = SqliteEventStore.open(storeFile);
  const appendStore = storeWriter(store);
  const rows: Row[] = [];

  for (const writers of [1, 64]) {
    const r = await compare(
      `append, ${writers} writer(s)`,
      SLICES,
      SLICE_MS,
      (i) => measure(writers, SLICE_MS, (w, n) => raw.append(w, n, `raw${writers}.${i}`)),
      (i) => measure(writers, SLICE_MS, (w, n) => appendStore(w, n, `st${writers}.${i}`)),
    );
    rows.push({
      benchmark: `append, ${writers} writer${writers > 1 ? 's' : ''}`,
      unit: 'appends/s',
      ...r,
      target: writers === 1 ? 0.95 : 10,
    });
  }

  // What group commit could reach at best here: 64 ready-made rows per transaction, no hashing.
  const ceiling = await compare(
    'raw, 64 rows per transaction',
    SLICES,
    SLICE_MS,
    (i) => measure(1, SLICE_MS, (w, n) => raw.append(w, n, `ceil1.${i}`)),
    (i) =>
      measure(1, SLICE_MS, (w, n) => raw.appendBatch(64, n, `ceil64.${i}`)).then((x) => x * 64),
  );
  rows.push({
    benchmark: 'raw, 64 rows per transaction (I/O ceiling)',
    unit: 'events/s',
    ...ceiling,
    target: null,
  });

  // Reads run over the store's file, now holding every event appended above.
  const reader = new Database(storeFile, { readonly: true });
  const selectAll = reader.prepare<[], { data: string; metadata: string }>(
    'SELECT * FROM events ORDER BY position',
  );
  const total = Number(await store.headPosition());
  const rawRead = async () => {
    const t = process.hrtime.bigint();
    let n = 0;
    for (const row of selectAll.iterate()) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      n++;
    }
    return n / (Number(process.hrtime.bigint() - t) / 1e9);
  };
  const storeRead = async () => {
    const t = process.hrtime.bigint();
    let n = 0;
    for await (const e of store.readAll()) if (e.position > 0n) n++;
    if (n !== total) throw new Error(`readAll returned ${n} events, the table has ${total}`);
    return n / (Number(process.hrtime.bigint() - t) / 1e9);
  };
  const reads = await compare(`readAll of ${total} events`, READ_ROUNDS, 0, rawRead, storeRead);
  rows.push({ benchmark: `readAll (${total} events)`, unit: 'events/s', ...reads, target: 0.5 });

  reader.close();
  await store.close();
  raw.db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log('');
  console.table(
    rows.map((r) => ({
      benchmark: r.benchmark,
      unit: r.unit,
      raw: Math.round(r.raw),
      store: Math.round(r.store),
      'ratio (median)': Number(r.ratio.toFixed(2)),
      target: r.target === null ? '-' : `≥ ${r.target}×`,
      met: r.target === null ? '-' : r.ratio >= r.target ? 'yes' : 'NO',
    })),
  );
  console.log(
    'raw = better-sqlite3, same table and indexes, one INSERT per transaction, WAL + synchronous=FULL,',
  );
  console.log('other settings default. The ceiling row puts raw 64-row transactions in "store".');
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function log(line: string): void {
  console.log(line);
}

main().catch((err: unknown) => {
  console.error(err);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});

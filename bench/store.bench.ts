/**
 * Event store throughput against a raw better-sqlite3 baseline (same schema, WAL, synchronous=FULL).
 * Run: npm run bench:store
 *
 * Rounds alternate raw and store and the median is kept, so fsync jitter hits both alike.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExpectedRevision, NewEvent } from '../libs/event-store/event-store.port';
import { SQLITE_EVENTS_SCHEMA, SqliteEventStore } from '../libs/event-store/sqlite-event-store';

const ROUNDS = 3;
const ROUND_MS = 1500;
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
  const tx = db.transaction((e: NewEvent, streamId: string, revision: number) =>
    insert.run(e.id, streamId, revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), FAKE_HASH, null),
  );
  const revisions = new Map<string, number>();
  return {
    db,
    append(w: number, n: number, tag: string): void {
      const streamId = `${tag}-${w}-${n % STREAMS_PER_WRITER}`;
      const revision = (revisions.get(streamId) ?? -1) + 1;
      tx(makeEvent(w, n), streamId, revision);
      revisions.set(streamId, revision);
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

async function main(): Promise<void> {
  const raw = rawWriter(path.join(dir, 'raw.db'));
  const storeFile = path.join(dir, 'store.db');
  const store = SqliteEventStore.open(storeFile);
  const appendStore = storeWriter(store);
  const results: { name: string; raw: number; store: number; target: number; unit: string }[] = [];

  for (const writers of [1, 64]) {
    const rawRuns: number[] = [];
    const storeRuns: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const tag = `w${writers}r${round}`;
      rawRuns.push(await measure(writers, ROUND_MS, (w, n) => raw.append(w, n, tag)));
      storeRuns.push(await measure(writers, ROUND_MS, (w, n) => appendStore(w, n, tag)));
      log(`${writers} writer(s), round ${round + 1}: raw ${fmt(rawRuns[round])}/s, store ${fmt(storeRuns[round])}/s`);
    }
    results.push({
      name: `append, ${writers} writer${writers > 1 ? 's' : ''}`,
      raw: median(rawRuns),
      store: median(storeRuns),
      target: writers === 1 ? 0.95 : 10,
      unit: 'appends/s',
    });
  }

  // Reads run over the store's file, now holding every event appended above.
  const reader = new Database(storeFile, { readonly: true });
  const selectAll = reader.prepare('SELECT * FROM events ORDER BY position');
  const rawRead = () => {
    let n = 0;
    for (const row of selectAll.all() as { data: string; metadata: string }[]) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      n++;
    }
    return n;
  };
  const storeRead = async () => {
    let n = 0;
    for await (const e of store.readAll()) if (e.position > 0n) n++;
    return n;
  };
  const rawReads: number[] = [];
  const storeReads: number[] = [];
  let total = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = process.hrtime.bigint();
    total = rawRead();
    rawReads.push(total / (Number(process.hrtime.bigint() - t) / 1e9));
    t = process.hrtime.bigint();
    const read = await storeRead();
    storeReads.push(read / (Number(process.hrtime.bigint() - t) / 1e9));
    if (read !== total) throw new Error(`readAll returned ${read} events, the table has ${total}`);
    log(`readAll of ${total} events, round ${round + 1}: raw ${fmt(rawReads[round])}/s, store ${fmt(storeReads[round])}/s`);
  }
  results.push({ name: `readAll (${total} events)`, raw: median(rawReads), store: median(storeReads), target: 0.5, unit: 'events/s' });
  reader.close();
  await store.close();
  raw.db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log('');
  console.table(
    results.map((r) => ({
      benchmark: r.name,
      unit: r.unit,
      raw: Math.round(r.raw),
      store: Math.round(r.store),
      'store/raw': Number((r.store / r.raw).toFixed(2)),
      target: `≥ ${r.target}×`,
      met: r.store / r.raw >= r.target ? 'yes' : 'NO',
    })),
  );
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});

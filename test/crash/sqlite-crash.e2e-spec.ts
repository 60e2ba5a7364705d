import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventHash } from '../../libs/event-store/event-hash';
import { StoredEvent } from '../../libs/event-store/event-store.port';
import { SqliteEventStore } from '../../libs/event-store/sqlite-event-store';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'sqlite-crash-child.ts');
const EVENTS_PER_APPEND = 3;

interface Ack {
  s: string;
  ids: string[];
  p: string;
  r: string;
}

/** Runs the child until it has acknowledged `killAfter` appends, then SIGKILLs it mid-write. */
function runAndKill(file: string, tag: string, killAfter: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, file, tag], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      // The last piece may be a line cut short by the kill: only complete lines count as acks.
      buffered = lines.pop()!;
      for (const line of lines) acks.push(JSON.parse(line) as Ack);
      if (!killed && acks.length >= killAfter) {
        killed = child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve(acks);
      else reject(new Error(`child ended before the kill (code ${code}, ${signal}):\n${stderr}`));
    });
  });
}

async function readEverything(file: string): Promise<StoredEvent[]> {
  const store = SqliteEventStore.open(file);
  try {
    const all: StoredEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    return all;
  } finally {
    await store.close();
  }
}

describe('SqliteEventStore survives SIGKILL under concurrent load', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-crash-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged append, never half an append, with dense revisions and valid hash chains', async () => {
    const file = path.join(dir, 'events.db');
    const acks: Ack[] = [];
    // Several rounds: each restart must recover the file and carry on from the stored heads.
    for (const [round, killAfter] of [300, 450, 600].entries()) {
      acks.push(...(await runAndKill(file, `round${round}`, killAfter)));
    }

    const all = await readEverything(file);

    // Global order.
    for (let i = 1; i < all.length; i++) expect(all[i].position > all[i - 1].position).toBe(true);

    // Every acknowledged append is stored exactly as acknowledged.
    const byId = new Map(all.map((e) => [e.id, e]));
    expect(byId.size).toBe(all.length);
    for (const ack of acks) {
      const stored = ack.ids.map((id) => byId.get(id));
      expect(stored.every((e) => e?.streamId === ack.s)).toBe(true);
      expect(stored[stored.length - 1]).toMatchObject({
        position: BigInt(ack.p),
        revision: BigInt(ack.r),
      });
    }

    // All or nothing: each stored append has all its events, consecutive in its stream.
    const appends = new Map<string, StoredEvent[]>();
    for (const e of all) {
      const appendId = e.id.slice(0, e.id.lastIndexOf('.'));
      const group = appends.get(appendId) ?? [];
      group.push(e);
      appends.set(appendId, group);
    }
    for (const [appendId, events] of appends) {
      expect({ appendId, ids: events.map((e) => e.id) }).toEqual({
        appendId,
        ids: Array.from({ length: EVENTS_PER_APPEND }, (_, k) => `${appendId}.${k}`),
      });
      expect(events.map((e) => e.revision - events[0].revision)).toEqual([0n, 1n, 2n]);
      expect(new Set(events.map((e) => e.streamId)).size).toBe(1);
    }
    expect(all.length).toBe(appends.size * EVENTS_PER_APPEND);
    expect(appends.size).toBeGreaterThanOrEqual(acks.length);

    // Per stream: revisions dense from 0 in position order, hash chain intact.
    const streams = new Map<string, StoredEvent[]>();
    for (const e of all) {
      const stream = streams.get(e.streamId) ?? [];
      stream.push(e);
      streams.set(e.streamId, stream);
    }
    for (const [streamId, events] of streams) {
      events.forEach((e, i) => {
        expect({ streamId, revision: e.revision }).toEqual({ streamId, revision: BigInt(i) });
        expect(e.prevHash).toBe(i === 0 ? null : events[i - 1].hash);
        expect(e.hash).toBe(eventHash(e, e.prevHash));
      });
    }
    expect(acks.length).toBeGreaterThanOrEqual(1350);
  }, 60_000);
});

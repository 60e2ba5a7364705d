/**
 * Child of sqlite-crash.e2e-spec.ts: appends under concurrent load until killed, printing one line
 * per acknowledged append. Usage: node -r @swc-node/register sqlite-crash-child.ts <db> <tag>
 */
import { ExpectedRevision, NewEvent } from '../../libs/event-store/event-store.port';
import { SqliteEventStore } from '../../libs/event-store/sqlite-event-store';

const WRITERS = 32;
const OWN_STREAMS = 4;
const SHARED_STREAMS = 7;
const EVENTS_PER_APPEND = 3;

async function main(): Promise<void> {
  const [file, tag] = process.argv.slice(2);
  if (!file || !tag) throw new Error('usage: sqlite-crash-child.ts <db> <tag>');
  const store = SqliteEventStore.open(file);

  const writer = async (w: number) => {
    // Own streams use exact expected revisions, picked up from the file after a restart.
    const own = Array.from({ length: OWN_STREAMS }, (_, k) => `own-${w}-${k}`);
    const expected = new Map<string, ExpectedRevision>();
    for (const s of own) {
      let last: ExpectedRevision = 'no_stream';
      for await (const e of store.readStream(s)) last = e.revision;
      expected.set(s, last);
    }
    for (let i = 0; ; i++) {
      // Shared streams get concurrent appends from many writers inside one batch.
      const shared = i % 3 === 0;
      const s = shared ? `shared-${(w + i) % SHARED_STREAMS}` : own[i % OWN_STREAMS];
      const appendId = `${tag}.${w}.${i}`;
      const events: NewEvent[] = Array.from({ length: EVENTS_PER_APPEND }, (_, k) => ({
        id: `${appendId}.${k}`,
        type: 'CrashTested',
        data: { w, i, k, note: 'Nghị quyết số 08-NQ/TU' },
        metadata: {
          actorId: `writer-${w}`,
          actorRole: 'tester',
          commandId: appendId,
          correlationId: tag,
          causationId: null,
          occurredAt: new Date().toISOString(),
        },
      }));
      const r = await store.appendToStream(s, events, {
        expectedRevision: shared ? 'any' : expected.get(s)!,
      });
      if (!shared) expected.set(s, r.nextRevision);
      process.stdout.write(
        `${JSON.stringify({ s, ids: events.map((e) => e.id), p: `${r.lastPosition}`, r: `${r.nextRevision}` })}\n`,
      );
    }
  };

  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

/**
 * A DATA_DIR from before anchors: its read models are rebuilt once at start-up (migration 5), so
 * the running hashes fold from the first event and agree with a recomputation from the events.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advanceAnchor, EMPTY_ANCHOR, verifyAnchor } from '../audit/anchor';
import type { StoredEvent } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { Projector } from './projector';
import { openSqliteReadModel } from './read-model-dialects';

describe('read models from before anchors', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'anchors-upgrade-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are rebuilt at the upgrade, and then hold the running hash of every event', async () => {
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    for (let i = 0; i < 30; i++)
      await store.appendToStream(
        `resolution-${i % 3}`,
        [
          {
            id: randomUUID(),
            type: 'ResolutionDrafted',
            data: { resolutionId: String(i % 3), title: `T${i}` },
            metadata: {
              actorId: 'a',
              actorRole: 'SECRETARIAT',
              commandId: null,
              correlationId: null,
              causationId: null,
              occurredAt: '2024-01-01T00:00:00.000Z',
            },
          },
        ],
        { expectedRevision: 'any' },
      );
    const file = join(dir, 'read-models.db');
    let readModels = await openSqliteReadModel(file);
    await new Projector(store, readModels).catchUp();
    await readModels.close();
    // As a version before anchors left it: checkpoint at the head, no anchors table.
    const db = new Database(file);
    db.exec('DROP TABLE anchors; DELETE FROM schema_migrations WHERE version = 5');
    expect(db.prepare('SELECT position FROM checkpoints').pluck().get()).toBe('30');
    db.close();

    readModels = await openSqliteReadModel(file);
    expect(await readModels.checkpoint()).toBe(0n);
    await new Projector(store, readModels).catchUp();
    const events: StoredEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    const expected = advanceAnchor(EMPTY_ANCHOR, events);
    expect(await readModels.anchorPoints(0n, 30n, 100)).toEqual(expected);
    expect(await verifyAnchor(store, expected[29], readModels)).toMatchObject({ intact: true });
    expect((await readModels.resolution('1'))?.id).toBe('1');
    await readModels.close();
    await store.close();
  });
});

/**
 * The running hashes the read models keep: a DATA_DIR from before anchors has its read models
 * rebuilt once at start-up (migration 9), so they fold from the first event; an event the
 * projection cannot apply is still folded in.
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

describe('the running hashes in the read models', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'anchors-upgrade-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('read models from before anchors are rebuilt at the upgrade, then hold every event', async () => {
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
    db.exec('DROP TABLE anchors; DELETE FROM schema_migrations WHERE version = 9');
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

  it('an event the projection cannot apply is still covered by the running hash', async () => {
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const meta = {
      actorId: 'a',
      actorRole: 'UNIT_REPORTER',
      commandId: null,
      correlationId: null,
      causationId: null,
      occurredAt: '2024-01-01T00:00:00.000Z',
    };
    const append = (streamId: string, type: string, data: Record<string, unknown>) =>
      store.appendToStream(streamId, [{ id: randomUUID(), type, data, metadata: meta }], {
        expectedRevision: 'any',
      });
    await append('resolution-r', 'ResolutionDrafted', { resolutionId: 'r', title: 'T' });
    await append('task-t', 'TaskAssigned', {
      taskId: 't',
      resolutionId: 'r',
      title: 'Việc',
      assigneeUnitId: 'u',
      assigneeMemberId: null,
      targetIds: [],
      dueOn: '2025-01-01',
    });
    // Measurements that are not a list: the projection throws on it.
    await append('task-t', 'ProgressReported', { resolutionId: 'r', taskId: 't', measurements: 5 });
    await append('resolution-r', 'ResolutionDrafted', { resolutionId: 'r', title: 'T2' });
    const readModels = await openSqliteReadModel(join(dir, 'read-models.db'));
    const failures: unknown[] = [];
    await new Projector(store, readModels, { error: (obj) => failures.push(obj) }).catchUp();
    expect(failures).toHaveLength(1);
    const events: StoredEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    const expected = advanceAnchor(EMPTY_ANCHOR, events);
    expect(await readModels.anchorPoints(0n, 4n, 10)).toEqual(expected);
    expect(expected).toHaveLength(4);
    expect(await readModels.checkpoint()).toBe(4n);
    await readModels.close();
    await store.close();
  });
});

/**
 * bench:replay — rebuilding every read model from N generated events (default 1,000,000), beside
 * a raw read of the same events in the same run (one SELECT of all rows with JSON.parse of data
 * and metadata). The events are real domain events (resolutions, targets, tasks, reports) so the
 * projection does its real work.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../libs/event-store/event-store.port';
import { SqliteEventStore } from '../libs/event-store/sqlite-event-store';
import { Projector } from '../libs/read-models/projector';
import { openSqliteReadModel } from '../libs/read-models/read-model-dialects';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RESOLUTIONS = 10;
const TASKS_PER_RESOLUTION = 100;
const TARGETS = 30;

let n = 0;
function event(type: string, data: Record<string, unknown>): NewEvent {
  n++;
  return {
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    type,
    data,
    metadata: {
      actorId: 'bench',
      actorRole: 'SECRETARIAT',
      commandId: `cmd-${n}`,
      correlationId: `cmd-${n}`,
      causationId: `cmd-${n}`,
      occurredAt: new Date(Date.UTC(2021, 0, 1) + n * 1000).toISOString(),
    },
  };
}

async function generate(store: SqliteEventStore) {
  const tasks: Array<{ id: string; resolutionId: string; targetIds: string[] }> = [];
  for (let r = 0; r < RESOLUTIONS; r++) {
    const resolutionId = `r${r}`;
    const targetIds = Array.from({ length: TARGETS }, (_, t) => `r${r}-t${t}`);
    await store.appendToStream(
      `resolution-${resolutionId}`,
      [
        event('ResolutionDrafted', {
          resolutionId,
          title: `Nghị quyết ${r}`,
          kind: 'CONGRESS',
          termStart: 2020,
          termEnd: 2025,
          parentId: null,
          summary: null,
        }),
        ...targetIds.map((targetId, t) =>
          event('TargetDefined', {
            resolutionId,
            targetId,
            code: `T${t}`,
            group: 'Kinh tế',
            name: `Chỉ tiêu ${t}`,
            unit: '%',
            kind: ['LEVEL', 'CUMULATIVE', 'AVERAGE_RATE', 'EVERY_YEAR'][t % 4],
            comparison: t % 5 === 0 ? 'AT_MOST' : 'AT_LEAST',
            baseline: '10',
            baselineYear: 2020,
            targetValue: '100',
            dueYear: 2025,
          }),
        ),
        event('ResolutionSubmittedForReview', { resolutionId }),
        event('ResolutionIssued', {
          resolutionId,
          code: `${r}-NQ/TU`,
          issuedOn: '2020-10-01',
          signedBy: 'Bench',
        }),
        event('ImplementationStarted', { resolutionId, firstTaskId: `r${r}-k0` }),
      ],
      { expectedRevision: 'no_stream' },
    );
    for (let k = 0; k < TASKS_PER_RESOLUTION; k++) {
      const id = `r${r}-k${k}`;
      const linked = [targetIds[k % TARGETS], targetIds[(k + 1) % TARGETS]];
      tasks.push({ id, resolutionId, targetIds: linked });
      await store.appendToStream(
        `task-${id}`,
        [
          event('TaskAssigned', {
            taskId: id,
            resolutionId,
            title: `Nhiệm vụ ${k}`,
            assigneeUnitId: `unit-${k % 20}`,
            assigneeMemberId: null,
            targetIds: linked,
            dueOn: '2025-12-31',
          }),
          event('TaskAccepted', { taskId: id, resolutionId }),
        ],
        { expectedRevision: 'no_stream' },
      );
    }
  }
  const revisions = new Map<string, bigint>(tasks.map((t) => [t.id, 1n]));
  const PER_APPEND = 50;
  let i = 0;
  while (n < TOTAL) {
    // Many appends in flight at once so the store's group commit batches them.
    const inflight: Promise<unknown>[] = [];
    for (let w = 0; w < 64 && n < TOTAL; w++, i++) {
      const task = tasks[i % tasks.length];
      const count = Math.min(PER_APPEND, TOTAL - n);
      const events = Array.from({ length: count }, (_, j) => {
        const year = 2021 + ((i + j) % 5);
        return event('ProgressReported', {
          taskId: task.id,
          resolutionId: task.resolutionId,
          reportId: `rep-${n + 1}`,
          unitKey: `unit:${task.id}`,
          year,
          percentComplete: (i + j) % 101,
          narrative: 'Tiến độ thực hiện nhiệm vụ',
          difficulties: null,
          proposals: null,
          measurements: task.targetIds.map((targetId) => ({
            targetId,
            year,
            value: `${(i + j) % 150}.5`,
          })),
          correctsReportId: null,
        });
      });
      const expected = revisions.get(task.id)!;
      revisions.set(task.id, expected + BigInt(count));
      inflight.push(
        store.appendToStream(`task-${task.id}`, events, { expectedRevision: expected }),
      );
    }
    await Promise.all(inflight);
  }
}

function rawRead(file: string): { count: number; seconds: number } {
  const db = new Database(file, { readonly: true });
  const started = process.hrtime.bigint();
  let count = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{
    data: string;
    metadata: string;
  }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    count++;
  }
  db.close();
  return { count, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  try {
    const file = join(dir, 'events.db');
    const store = SqliteEventStore.open(file);
    let started = Date.now();
    await generate(store);
    console.log(`generated ${n} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const raw = rawRead(file);
    const readModels = await openSqliteReadModel(join(dir, 'read-models.db'));
    started = Date.now();
    const projector = new Projector(store, readModels);
    const replayed = await projector.catchUp();
    const seconds = (Date.now() - started) / 1000;
    await readModels.close();
    await store.close();

    const rawRate = raw.count / raw.seconds;
    const replayRate = replayed / seconds;
    console.log(
      `raw read (SELECT + JSON.parse)  ${raw.count} events  ${rawRate.toFixed(0).padStart(9)} events/s`,
    );
    console.log(
      `replay (all read models)        ${replayed} events  ${replayRate.toFixed(0).padStart(9)} events/s`,
    );
    console.log(`ratio replay / raw              ${(replayRate / rawRate).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

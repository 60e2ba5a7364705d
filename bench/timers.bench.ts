/**
 * bench:timers — the cost of firing timers: N timers (default 10,000) fall due at once and the
 * timer runner judges and writes each (its alerts event, derived id, fsync'd), beside a plain
 * append of the same number of one-event writes to the same alerts streams in the same run:
 * awaited one by one, and all submitted at once (the store's group commit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClock } from '../libs/application/clock';
import { TimerRunner } from '../libs/application/timers/timer-runner';
import type { NewEvent } from '../libs/event-store/event-store.port';
import { SqliteEventStore } from '../libs/event-store/sqlite-event-store';
import { openSqliteReadModel } from '../libs/read-models/read-model-dialects';

const TIMERS = Number(process.env.BENCH_TIMERS ?? 10_000);
const RESOLUTIONS = 100;

const meta = (n: number, occurredAt: string) => ({
  actorId: 'bench',
  actorRole: 'SECRETARIAT',
  commandId: `cmd-${n}`,
  correlationId: `cmd-${n}`,
  causationId: null,
  occurredAt,
});

function assigned(i: number): NewEvent {
  return {
    id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    type: 'TaskAssigned',
    data: {
      taskId: `t${i}`,
      resolutionId: `r${i % RESOLUTIONS}`,
      title: `Nhiệm vụ ${i}`,
      assigneeUnitId: 'unit',
      assigneeMemberId: null,
      targetIds: [],
      dueOn: '2021-03-01',
    },
    metadata: meta(i, '2021-01-01T03:00:00.000Z'),
  };
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-timers-'));
  try {
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const index = await openSqliteReadModel(join(dir, 'read-models.db'));
    // Each task makes two timers (a reminder and an overdue flag): TIMERS / 2 tasks.
    const tasks = TIMERS / 2;
    await Promise.all(
      Array.from({ length: tasks }, (_, i) =>
        store.appendToStream(`task-t${i}`, [assigned(i)], { expectedRevision: 'no_stream' }),
      ),
    );
    const clock = new TestClock('2021-01-02T00:00:00Z');
    const runner = new TimerRunner(store, index, clock, { reminderDays: 7 });
    let t0 = performance.now();
    await runner.tick(); // schedules every timer into the on-disk index; none is due yet
    const scheduleMs = performance.now() - t0;
    clock.set(Date.parse('2021-03-10T00:00:00Z'));
    const headBefore = await store.headPosition();
    t0 = performance.now();
    await runner.tick();
    const fireMs = performance.now() - t0;
    const fired = Number((await store.headPosition()) - headBefore);
    await runner.stop();
    if (fired !== TIMERS) throw new Error(`expected ${TIMERS} timer events, got ${fired}`);

    const plain = (i: number): NewEvent => ({
      id: `10000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      type: 'BenchAppended',
      data: { resolutionId: `r${i % RESOLUTIONS}`, i },
      metadata: meta(i, new Date().toISOString()),
    });
    t0 = performance.now();
    for (let i = 0; i < TIMERS; i++)
      await store.appendToStream(`alerts-r${i % RESOLUTIONS}`, [plain(i)], {
        expectedRevision: 'any',
      });
    const sequentialMs = performance.now() - t0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: TIMERS }, (_, i) =>
        store.appendToStream(`alerts-r${i % RESOLUTIONS}`, [plain(TIMERS + i)], {
          expectedRevision: 'any',
        }),
      ),
    );
    const groupedMs = performance.now() - t0;

    const rows = [
      ['timers fired (judged + written)', rate(TIMERS, fireMs)],
      ['plain append, one at a time', rate(TIMERS, sequentialMs)],
      ['plain append, all at once (group commit)', rate(TIMERS, groupedMs)],
    ] as const;
    console.log(
      `\nbench:timers — ${TIMERS} timers due at once (scheduled in ${Math.round(scheduleMs)} ms)`,
    );
    for (const [name, perSecond] of rows)
      console.log(`  ${name.padEnd(44)} ${String(perSecond).padStart(8)} events/s`);
    console.log(
      `  ratio timers / one-at-a-time append: ${(rows[0][1] / rows[1][1]).toFixed(2)}×; ` +
        `timers / group-committed append: ${(rows[0][1] / rows[2][1]).toFixed(2)}×`,
    );
    await index.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

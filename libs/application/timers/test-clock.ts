import { createHash } from 'node:crypto';
import type { EventStore } from '../../event-store/event-store.port';
import type { Actor } from '../../workflows/shared/actor';
import { TestClock, type SystemClock } from '../clock';
import { derivedId } from '../command-envelope';

export const TEST_CLOCK_STREAM = 'test-clock';

/**
 * Moves the test clock, stored as an event on `test-clock` so every process on the same store
 * follows it (each reads the stream before judging its timers).
 */
export async function moveTestClock(
  store: EventStore,
  clock: TestClock,
  instant: number,
  actor: Actor,
): Promise<bigint> {
  const now = new Date(instant).toISOString();
  const commandId = `test-clock:${now}`;
  const appended = await store.appendToStream(
    TEST_CLOCK_STREAM,
    [
      {
        id: derivedId(commandId, TEST_CLOCK_STREAM),
        type: 'TestClockSet',
        data: { now },
        metadata: {
          actorId: actor.id,
          actorRole: actor.role,
          commandId,
          correlationId: commandId,
          causationId: null,
          occurredAt: clock.stamp(),
          command: 'setTestClock',
          commandFingerprint: createHash('sha256').update(now).digest('hex'),
          resultId: now,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  clock.set(instant);
  return appended.nextRevision;
}

/** How many test-clock moves the timer runner has acted on (fired what they made due). */
export const CLOCK_CHECKPOINT = 'test-clock';

/** Catches a test clock up with the moves other processes stored; the revision read so far. */
export async function followTestClock(
  store: EventStore,
  clock: SystemClock,
  fromRevision: bigint,
): Promise<bigint> {
  let next = fromRevision;
  for await (const e of store.readStream(TEST_CLOCK_STREAM, { fromRevision })) {
    // A process started without TEST_CLOCK keeps real time (set it on the projector too).
    if (clock instanceof TestClock) clock.set(Date.parse(String(e.data.now)));
    next = e.revision + 1n;
  }
  return next;
}

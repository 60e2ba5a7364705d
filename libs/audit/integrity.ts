import { eventHash } from '../event-store/event-hash';
import type { EventStore } from '../event-store/event-store.port';

export interface IntegrityReport {
  intact: boolean;
  checkedEvents: number;
  firstBrokenEventId: string | null;
  /** Why it broke, for people: which stream and what was found. */
  problem: string | null;
}

export interface StreamExpectation {
  streamId: string;
  /** The revision the read model saw last; a shorter stream lost events at its end. */
  expectedLastRevision?: number;
}

/**
 * Walks each stream's hash chain: a changed event no longer matches its hash, a removed or
 * reordered one breaks the link to its predecessor or the revision sequence.
 */
export async function verifyStreams(
  store: EventStore,
  streams: StreamExpectation[],
): Promise<IntegrityReport> {
  let checked = 0;
  for (const { streamId, expectedLastRevision } of streams) {
    let prev: { id: string; hash: string } | null = null;
    let expected = 0n;
    for await (const e of store.readStream(streamId)) {
      checked++;
      const broken = (problem: string): IntegrityReport => ({
        intact: false,
        checkedEvents: checked,
        firstBrokenEventId: e.id,
        problem: `${streamId}@${e.revision}: ${problem}`,
      });
      if (e.revision !== expected) return broken(`revision ${expected} is missing`);
      if ((e.prevHash ?? null) !== (prev?.hash ?? null)) return broken('does not link to the previous event');
      if (eventHash(e, e.prevHash ?? null) !== e.hash) return broken('content does not match its hash');
      prev = { id: e.id, hash: e.hash };
      expected++;
    }
    if (expectedLastRevision !== undefined && Number(expected) - 1 < expectedLastRevision)
      return {
        intact: false,
        checkedEvents: checked,
        firstBrokenEventId: prev?.id ?? null,
        problem: `${streamId}: events after revision ${Number(expected) - 1} were removed`,
      };
  }
  return { intact: true, checkedEvents: checked, firstBrokenEventId: null, problem: null };
}

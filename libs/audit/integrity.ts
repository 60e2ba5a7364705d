import { eventHash } from '../event-store/event-hash';
import type { EventStore, StoredEvent } from '../event-store/event-store.port';

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
 * Checks events against their streams' hash chains, in any interleaving of streams as long as
 * each stream's events come in revision order: a changed event no longer matches its hash, a
 * removed or reordered one breaks the revision sequence or the link to its predecessor.
 */
export class ChainChecker {
  private readonly heads = new Map<string, { revision: bigint; hash: string; id: string }>();

  /** A description of what is wrong with this event, or null. */
  check(e: StoredEvent): string | null {
    const head = this.heads.get(e.streamId);
    const expected = head ? head.revision + 1n : 0n;
    this.heads.set(e.streamId, { revision: e.revision, hash: e.hash, id: e.id });
    const where = `${e.streamId}@${e.revision}`;
    if (e.revision !== expected) return `${where}: revision ${expected} is missing or out of order`;
    if ((e.prevHash ?? null) !== (head?.hash ?? null))
      return `${where}: does not link to the previous event of its stream`;
    if (eventHash(e, e.prevHash ?? null) !== e.hash)
      return `${where}: content does not match its hash`;
    return null;
  }

  /** The last event seen of a stream. */
  head(streamId: string): { revision: bigint; id: string } | undefined {
    return this.heads.get(streamId);
  }
}

/** Walks the given streams' chains and checks no event is missing at their ends. */
export async function verifyStreams(
  store: EventStore,
  streams: StreamExpectation[],
): Promise<IntegrityReport> {
  const checker = new ChainChecker();
  let checked = 0;
  const broken = (id: string | null, problem: string): IntegrityReport => ({
    intact: false,
    checkedEvents: checked,
    firstBrokenEventId: id,
    problem,
  });
  for (const { streamId, expectedLastRevision } of streams) {
    for await (const e of store.readStream(streamId)) {
      checked++;
      const problem = checker.check(e);
      if (problem) return broken(e.id, problem);
    }
    const head = checker.head(streamId);
    const last = head ? Number(head.revision) : -1;
    if (expectedLastRevision !== undefined && last < expectedLastRevision)
      return broken(
        head?.id ?? null,
        `${streamId}: events after revision ${last} were removed (${expectedLastRevision} was seen)`,
      );
  }
  return { intact: true, checkedEvents: checked, firstBrokenEventId: null, problem: null };
}

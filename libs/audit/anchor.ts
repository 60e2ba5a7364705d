import * as crypto from 'node:crypto';
import { eventHash } from '../event-store/event-hash';
import type { EventStore, StoredEvent } from '../event-store/event-store.port';
import type { IntegrityReport } from './integrity';

/**
 * A running hash of the whole store in global order: what an auditor keeps outside the system
 * to prove later that every event up to a position is still there, unchanged, in the same order.
 */
export interface AnchorPoint {
  /** Global position of the last event covered ("0" before the first event). */
  position: bigint;
  /** How many events it covers. */
  events: number;
  /** sha256 hex folded over every covered event's hash, in global order. */
  hash: string;
}

/** The fixed value the running hash starts from: the anchor of an empty store. */
export const ANCHOR_SEED = crypto
  .createHash('sha256')
  .update('resolution-tracker/anchor/v1')
  .digest('hex');

export const EMPTY_ANCHOR: AnchorPoint = { position: 0n, events: 0, hash: ANCHOR_SEED };

/** The running hash after one more event: sha256(previous running hash ‖ the event's hash). */
export function foldAnchor(running: string, eventHashHex: string): string {
  return crypto
    .createHash('sha256')
    .update(running + eventHashHex)
    .digest('hex');
}

/** The product's own events only: EventStoreDB's `$` streams are never anchored. */
export function isAnchored(e: { streamId: string }): boolean {
  return !e.streamId.startsWith('$');
}

/** The event's hash recomputed from its stored content (never the hash stored beside it). */
export function contentHash(e: StoredEvent): string {
  return eventHash(e, e.prevHash ?? null);
}

/** Folds events (in global order, after `from`) into running points, one per anchored event. */
export function advanceAnchor(from: AnchorPoint, events: StoredEvent[]): AnchorPoint[] {
  const points: AnchorPoint[] = [];
  let current = from;
  for (const e of events) {
    if (e.position <= current.position || !isAnchored(e)) continue;
    current = {
      position: e.position,
      events: current.events + 1,
      hash: foldAnchor(current.hash, contentHash(e)),
    };
    points.push(current);
  }
  return points;
}

const ANCHOR_FORMAT = /^rt1-(0|[1-9][0-9]{0,19})-(0|[1-9][0-9]{0,14})-([0-9a-f]{64})$/;
const MAX_POSITION = (1n << 64n) - 1n;

/** One printable string: `rt1-<position>-<events>-<hash>` (version, then the point). */
export function formatAnchor(p: AnchorPoint): string {
  return `rt1-${p.position}-${p.events}-${p.hash}`;
}

/** The point an anchor string names, or null when it is not one. */
export function parseAnchor(text: string): AnchorPoint | null {
  const m = ANCHOR_FORMAT.exec(text);
  if (!m) return null;
  const position = BigInt(m[1]);
  const events = Number(m[2]);
  if (position > MAX_POSITION || !Number.isSafeInteger(events)) return null;
  // No events cover nothing: only the empty store's anchor has zero of both.
  if ((events === 0) !== (position === 0n)) return null;
  if (events === 0 && m[3] !== ANCHOR_SEED) return null;
  return { position, events, hash: m[3] };
}

/** Running points as the read models keep them, to locate where a recomputation departs. */
export interface AnchorReference {
  /** Points with position in (after, to], in position order, at most `limit`. */
  anchorPoints(after: bigint, to: bigint, limit: number): Promise<AnchorPoint[]>;
}

const CHUNK = 1000;

/**
 * Re-reads the store up to the anchor's position and recomputes the running hash, a chunk at a
 * time with a turn of the event loop between chunks, so other requests keep being served. With
 * the read models' running points as a reference, a difference is pinned to its first event;
 * without one that agrees (a truncation followed by a rebuild), to the first event after the
 * anchor's position, which lies after the difference whatever it was.
 */
export async function verifyAnchor(
  store: EventStore,
  anchor: AnchorPoint,
  reference?: AnchorReference,
): Promise<IntegrityReport> {
  let running = ANCHOR_SEED;
  let count = 0;
  let from = 0n;
  let lastSeen = 0n;
  const broken = (id: string | null, problem: string): IntegrityReport => ({
    intact: false,
    checkedEvents: count,
    firstBrokenEventId: id,
    problem,
  });
  while (anchor.position > 0n) {
    const chunk: StoredEvent[] = [];
    for await (const e of store.readAll({
      fromPosition: from,
      toPosition: anchor.position,
      maxCount: CHUNK,
    }))
      chunk.push(e);
    if (chunk.length === 0) break;
    const limit = CHUNK * 4;
    const points = reference
      ? await reference.anchorPoints(from, chunk[chunk.length - 1].position, limit)
      : [];
    // Every point the reference holds in the range is an event: one missing or different marks it.
    const referencedTo = points.length > 0 ? points[points.length - 1].position : 0n;
    let i = 0;
    for (const e of chunk) {
      if (!isAnchored(e)) continue;
      running = foldAnchor(running, contentHash(e));
      count++;
      lastSeen = e.position;
      if (e.position > referencedTo) continue;
      const p = points[i++];
      if (!p || p.position !== e.position || p.hash !== running || p.events !== count)
        return broken(
          e.id,
          `${e.streamId}@${e.revision} (position ${e.position}): the store departs from the running hash here`,
        );
    }
    from = chunk[chunk.length - 1].position;
    if (chunk.length < CHUNK) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (running === anchor.hash && count === anchor.events && lastSeen === anchor.position)
    return { intact: true, checkedEvents: count, firstBrokenEventId: null, problem: null };
  const head = await store.headPosition();
  if (head < anchor.position)
    return broken(
      null,
      `the store ends at position ${head}, before the anchor's position ${anchor.position} (${count} of ${anchor.events} events found)`,
    );
  let after: StoredEvent | null = null;
  for await (const e of store.readAll({ fromPosition: anchor.position, maxCount: 1 })) after = e;
  return broken(
    after?.id ?? null,
    `the events up to position ${anchor.position} no longer hash to the anchor (${anchor.events} anchored, ${count} found)`,
  );
}

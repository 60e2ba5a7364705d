import { GraphQLError } from 'graphql';
import type { EventStore, StoredEvent } from '../../../../libs/event-store/event-store.port';

export interface EventStreamOptions<T> {
  filter: { streamPrefix?: string | null; types?: string[] | null; resolutionId?: string | null };
  fromPosition: bigint | undefined;
  /** How far behind the head a consumer may fall before the subscription is closed. */
  maxLag: number;
  map: (e: StoredEvent) => T;
}

/**
 * A subscriber's events: catch-up then live from the store's own subscription (which reads in
 * pages, so nothing piles up in memory). A consumer that falls more than maxLag matching events
 * behind the live head is cut off with SLOW_CONSUMER and resumes from the last position it got.
 */
export async function* eventStream<T>(
  store: EventStore,
  opts: EventStreamOptions<T>,
): AsyncGenerator<T> {
  const { filter } = opts;
  const subscription = store.subscribe({
    fromPosition: opts.fromPosition,
    filter: {
      streamPrefixes: filter.streamPrefix ? [filter.streamPrefix] : undefined,
      types: filter.types?.length ? filter.types : undefined,
    },
  });
  let caughtUp = false;
  let delivered = opts.fromPosition ?? 0n;
  try {
    for await (const e of subscription) {
      if (filter.resolutionId && (e.data as { resolutionId?: string }).resolutionId !== filter.resolutionId)
        continue;
      if (caughtUp && opts.maxLag > 0) {
        const head = await store.headPosition();
        // Positions are not dense, so lag is checked on the event count the store could still owe.
        if (head - e.position > BigInt(opts.maxLag) && (await behind(store, e.position, opts.maxLag)))
          throw new GraphQLError(
            `subscriber is more than ${opts.maxLag} events behind; resubscribe with fromPosition "${delivered}"`,
            { extensions: { code: 'SLOW_CONSUMER', resumeFromPosition: delivered.toString() } },
          );
      }
      yield opts.map(e);
      delivered = e.position;
      if (!caughtUp) caughtUp = (await store.headPosition()) <= e.position;
    }
  } finally {
    await subscription.close();
  }
}

/** Whether more than `max` events are stored after `position`. */
async function behind(store: EventStore, position: bigint, max: number): Promise<boolean> {
  let n = 0;
  for await (const _ of store.readAll({ fromPosition: position, maxCount: max + 1 })) n++;
  return n > max;
}

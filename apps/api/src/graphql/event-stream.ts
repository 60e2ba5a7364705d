import { GraphQLError } from 'graphql';
import type {
  EventFilter,
  EventStore,
  StoredEvent,
} from '../../../../libs/event-store/event-store.port';

export interface EventStreamOptions<T> {
  filter: { streamPrefix?: string | null; types?: string[] | null; resolutionId?: string | null };
  fromPosition: bigint | undefined;
  /** How many events a live consumer may fall behind the store before it is cut off. */
  maxLag: number;
  map: (e: StoredEvent) => T;
}

/**
 * A subscriber's events: catch-up then live, read from the store's own subscription, which reads
 * in pages only as fast as the consumer takes them, so nothing piles up in server memory. Once
 * live, a consumer that falls more than maxLag events behind is cut off with SLOW_CONSUMER and
 * told the position to resume from, instead of holding the store's history open for it.
 */
export async function* eventStream<T>(
  store: EventStore,
  opts: EventStreamOptions<T>,
): AsyncGenerator<T> {
  const { filter } = opts;
  const storeFilter: EventFilter = {
    streamPrefixes: filter.streamPrefix ? [filter.streamPrefix] : undefined,
    types: filter.types?.length ? filter.types : undefined,
  };
  const subscription = store.subscribe({ fromPosition: opts.fromPosition, filter: storeFilter });
  let live = opts.fromPosition === undefined;
  let delivered = opts.fromPosition ?? (await store.headPosition());
  const checkEvery = Math.max(1, Math.floor(opts.maxLag / 10));
  let sinceCheck = 0;
  try {
    for await (const e of subscription) {
      if (!live) live = (await store.headPosition()) <= e.position;
      else if (opts.maxLag > 0 && ++sinceCheck >= checkEvery) {
        sinceCheck = 0;
        if (await behind(store, e.position, storeFilter, opts.maxLag))
          throw new GraphQLError(
            `subscriber fell more than ${opts.maxLag} events behind; subscribe again with fromPosition "${delivered}"`,
            { extensions: { code: 'SLOW_CONSUMER', resumeFromPosition: delivered.toString() } },
          );
      }
      if (
        filter.resolutionId &&
        (e.data as { resolutionId?: string }).resolutionId !== filter.resolutionId
      )
        continue;
      yield opts.map(e);
      delivered = e.position;
    }
  } finally {
    await subscription.close();
  }
}

/** Whether more than `max` matching events are stored after `position`. */
async function behind(store: EventStore, position: bigint, filter: EventFilter, max: number) {
  let n = 0;
  for await (const _ of store.readAll({ fromPosition: position, filter, maxCount: max + 1 })) n++;
  return n > max;
}

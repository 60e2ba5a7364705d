/**
 * npm run replay -- [--to <position|ISO time>]
 * Rebuilds every read model from the events into a fresh file, then swaps it in. Stop the API
 * first (or run it against a copy): the API keeps the old file open until it restarts.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EventStore } from '../../libs/event-store/event-store.port';
import {
  openEventStore,
  openReadModels,
  readModelFile,
  storeSettingsFromEnv,
} from '../../libs/infrastructure/open-stores';
import { Projector } from '../../libs/read-models/projector';
import { progressBar, rateSince } from './progress';

/** The position of the last event at or before an instant (occurredAt never decreases). */
async function positionAt(store: EventStore, instant: number): Promise<bigint> {
  let position = 0n;
  for await (const e of store.readAll()) {
    if (Date.parse(e.metadata.occurredAt) > instant) break;
    position = e.position;
  }
  return position;
}

export async function replay(opts: { to?: string; quiet?: boolean } = {}) {
  const settings = storeSettingsFromEnv();
  const store = openEventStore(settings);
  const target = readModelFile(settings);
  const building = `${target}.rebuild`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  const readModels = await openReadModels(settings, building);
  try {
    const head = await store.headPosition();
    let to = head;
    if (opts.to !== undefined) {
      if (/^\d+$/.test(opts.to)) to = BigInt(opts.to);
      else if (!Number.isNaN(Date.parse(opts.to)))
        to = await positionAt(store, Date.parse(opts.to));
      else throw new Error(`--to must be a position or an ISO time, got ${opts.to}`);
    }
    const bar = opts.quiet ? null : progressBar('replay', Number(to));
    const started = process.hrtime.bigint();
    const projector = new Projector(store, readModels);
    const count = await projector.catchUp(
      (position, n) => bar?.update(Number(position), { rate: rateSince(started, n) }),
      to,
    );
    bar?.stop();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await readModels.close();
    // Swap the rebuilt file in; stale WAL files of the old one must not be replayed into it.
    for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    renameSync(building, target);
    for (const f of [`${building}-wal`, `${building}-shm`])
      if (existsSync(f)) renameSync(f, f.replace(building, target));
    return { events: count, seconds, position: projector.checkpoint, head };
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { to: { type: 'string' } } });
  replay({ to: values.to })
    .then((r) => {
      console.log(
        `replayed ${r.events} events up to position ${r.position} (head ${r.head}) in ${r.seconds.toFixed(1)} s` +
          ` — ${Math.round(r.events / Math.max(r.seconds, 1e-9))} events/s`,
      );
    })
    .catch((err) => {
      console.error(`replay failed: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
}

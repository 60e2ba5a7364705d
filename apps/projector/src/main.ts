/**
 * The projections as their own process: follows the event store and keeps the read models (and
 * their checkpoint) current, so the API can run with PROJECTIONS=external and read models can be
 * scaled or rebuilt without it.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import {
  openEventStore,
  openReadModels,
  storeSettingsFromEnv,
} from '../../../libs/infrastructure/open-stores';
import { SystemClock, TestClock } from '../../../libs/application/clock';
import { TimerRunner } from '../../../libs/application/timers/timer-runner';
import { writeSide } from '../../../libs/application/processes/process-commands';
import { Projector } from '../../../libs/read-models/projector';
import { createLogger } from '../../../libs/shared/logger';

const HEARTBEAT = process.env.PROJECTOR_HEARTBEAT_FILE ?? '/tmp/projector-alive';

export async function runProjector() {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const settings = storeSettingsFromEnv();
  const store = openEventStore(settings);
  const readModels = await openReadModels(settings);
  const projector = new Projector(store, readModels, logger);
  await projector.start();
  // The processes run here too, their only owner while the API runs with PROJECTIONS=external.
  const clock = process.env.TEST_CLOCK ? new TestClock(process.env.TEST_CLOCK) : new SystemClock();
  const head = await store.headPosition();
  for await (const last of store.readAll({ fromPosition: head > 0n ? head - 1n : 0n }))
    clock.notBefore(last.metadata.occurredAt);
  const { processes } = writeSide(store, readModels, projector, clock, logger);
  await processes.start();
  const timers = new TimerRunner(
    store,
    readModels,
    clock,
    { reminderDays: Number(process.env.REMINDER_DAYS ?? 7) },
    logger,
  );
  await timers.start();
  logger.info({ checkpoint: projector.checkpoint.toString() }, 'projector running');
  const beat = () => {
    const now = new Date();
    try {
      utimesSync(HEARTBEAT, now, now);
    } catch {
      writeFileSync(HEARTBEAT, '');
    }
  };
  beat();
  const heartbeat = setInterval(beat, 10_000);
  const stop = async () => {
    clearInterval(heartbeat);
    await timers.stop();
    await processes.stop();
    await projector.stop();
    await store.close();
    await readModels.close();
    logger.info({ checkpoint: projector.checkpoint.toString() }, 'projector stopped');
  };
  return { projector, stop };
}

if (require.main === module) {
  runProjector()
    .then(({ stop }) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        process.once(signal, () => void stop().then(() => process.exit(0)));
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

import { join } from 'node:path';
import type { EventStore } from '../event-store/event-store.port';
import { EsdbEventStore } from '../event-store/esdb-event-store';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import type { ReadModelStore } from '../read-models/read-model.port';
import { openPostgresReadModel, openSqliteReadModel } from '../read-models/read-model-dialects';
import {
  checkDataDir,
  checkSqliteFile,
  eventsSchemaVersion,
  readModelSchemaVersion,
} from './startup-checks';

export interface StoreSettings {
  dataDir: string;
  eventStoreConnectionString?: string | null;
  readModelUrl?: string | null;
}

export function storeSettingsFromEnv(): StoreSettings {
  return {
    dataDir: process.env.DATA_DIR ?? './data',
    eventStoreConnectionString: process.env.EVENTSTORE_CONNECTION_STRING || null,
    readModelUrl: process.env.READ_MODEL_URL || null,
  };
}

/** The event store the settings name: EventStoreDB when a connection string is set, else SQLite. */
export function openEventStore(s: StoreSettings): EventStore {
  if (s.eventStoreConnectionString) return EsdbEventStore.connect(s.eventStoreConnectionString);
  checkDataDir(s.dataDir);
  const file = join(s.dataDir, 'events.db');
  checkSqliteFile(file, eventsSchemaVersion);
  return SqliteEventStore.open(file);
}

export function readModelFile(s: StoreSettings): string {
  return join(s.dataDir, 'read-models.db');
}

/** Where read models live: PostgreSQL when READ_MODEL_URL is set, else SQLite in DATA_DIR. */
export function openReadModels(s: StoreSettings, file = readModelFile(s)): Promise<ReadModelStore> {
  if (s.readModelUrl) return openPostgresReadModel(s.readModelUrl);
  checkDataDir(s.dataDir);
  checkSqliteFile(file, readModelSchemaVersion);
  return openSqliteReadModel(file);
}

/** The checks of the embedded stores the settings name, before anything opens them (StartupError). */
export function checkStores(s: StoreSettings): void {
  if (s.eventStoreConnectionString && s.readModelUrl) return;
  checkDataDir(s.dataDir);
  if (!s.eventStoreConnectionString)
    checkSqliteFile(join(s.dataDir, 'events.db'), eventsSchemaVersion);
  if (!s.readModelUrl) checkSqliteFile(readModelFile(s), readModelSchemaVersion);
}

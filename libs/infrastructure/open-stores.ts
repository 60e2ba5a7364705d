import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../event-store/event-store.port';
import { EsdbEventStore } from '../event-store/esdb-event-store';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import type { ReadModelStore } from '../read-models/read-model.port';
import { openPostgresReadModel, openSqliteReadModel } from '../read-models/read-model-dialects';

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
  mkdirSync(s.dataDir, { recursive: true });
  return SqliteEventStore.open(join(s.dataDir, 'events.db'));
}

export function readModelFile(s: StoreSettings): string {
  return join(s.dataDir, 'read-models.db');
}

/** Where read models live: PostgreSQL when READ_MODEL_URL is set, else SQLite in DATA_DIR. */
export function openReadModels(s: StoreSettings, file = readModelFile(s)): Promise<ReadModelStore> {
  if (s.readModelUrl) return openPostgresReadModel(s.readModelUrl);
  mkdirSync(s.dataDir, { recursive: true });
  return openSqliteReadModel(file);
}

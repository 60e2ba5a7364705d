import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import type { ReadModelStore } from '../read-models/read-model.port';
import { SqliteReadModel } from '../read-models/sqlite-read-model';

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
  mkdirSync(s.dataDir, { recursive: true });
  return SqliteEventStore.open(join(s.dataDir, 'events.db'));
}

export function readModelFile(s: StoreSettings): string {
  return join(s.dataDir, 'read-models.db');
}

/** Where read models live: SQLite in DATA_DIR by default. */
export function openReadModels(s: StoreSettings, file = readModelFile(s)): ReadModelStore {
  mkdirSync(s.dataDir, { recursive: true });
  return new SqliteReadModel(file);
}

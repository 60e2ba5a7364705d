/**
 * `npm run demo`: a server of its own, on its own data directory and a test clock that starts
 * before the Bắc Kạn City Party Congress of 2020. It plays the story through the API (seed-demo.ts)
 * while moving the clock through the story's dates to the provincial visit of March 2024, so
 * reports fall on time, late or not at all and reminders appear in the audit trail where they fell
 * due. Then it keeps serving and prints the URL and an AUDITOR token.
 *
 *   DEMO_DATA_DIR  default ./data-demo (started afresh at each run)
 *   PORT / HOST    as for `npm start`
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '../config';
import { bootstrap } from '../main';
import { seedDemo, welcome } from './seed-demo';

/** 09:00 in Hà Nội, a week before the congress resolution is issued (illustrative date). */
export const DEMO_CLOCK_START = '2020-07-10T02:00:00Z';
const STORE_FILES = /^(events|read-models)\.db(-wal|-shm|-journal)?$/;

/** Empties the demo's directory, refusing one that holds anything but the demo's own stores. */
function freshDataDir(dir: string): void {
  if (!existsSync(dir)) return;
  const foreign = readdirSync(dir).filter((f) => !STORE_FILES.test(f));
  if (foreign.length > 0)
    throw new Error(
      `${dir} holds other files (${foreign.slice(0, 3).join(', ')}); set DEMO_DATA_DIR`,
    );
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DEMO_DATA_DIR ?? './data-demo');
  freshDataDir(dataDir);
  process.env.DATA_DIR = dataDir;
  process.env.TEST_CLOCK = DEMO_CLOCK_START;
  process.env.LOG_LEVEL ??= 'warn';
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  delete process.env.READ_MODEL_URL;
  const app = await bootstrap();
  const config = app.get(AppConfig);
  if (!config.jwtSecret) throw new Error('the demo signs its own tokens: unset AUTH_JWKS_URL');
  const apiUrl = `http://${config.host}:${config.port}/graphql`;
  const result = await seedDemo(apiUrl, config.jwtSecret, { clock: true });
  console.log(await welcome(apiUrl, config.jwtSecret, result));
  console.log(`\nThe demo keeps serving ${apiUrl} from ${dataDir}; stop it with Ctrl-C.`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

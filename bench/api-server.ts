/** The real API in its own process for bench:api; reports its port to the parent. */
import { createApp } from '../apps/api/src/main';

async function main() {
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  process.send?.({ port: (app.getHttpServer().address() as { port: number }).port });
  // Exit cleanly on SIGTERM so profilers (--cpu-prof) can write their output.
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();

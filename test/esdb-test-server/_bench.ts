import { randomUUID } from 'node:crypto';
import { EsdbTestServer } from './esdb-test-server';
import { EsdbEventStore } from '../../libs/event-store/esdb-event-store';
async function main() {
  const server = await EsdbTestServer.start();
  for (const w of [0, 8, 32]) {
    const store = EsdbEventStore.connect(server.connectionString, { duplicateCheckWindow: w });
    const t = Date.now();
    await Promise.all(
      Array.from({ length: 5 }, async (_, k) => {
        const s = `b-${w}-${k}-${randomUUID()}`;
        let exp: any = 'no_stream';
        for (let i = 0; i < 100; i++) {
          exp = (
            await store.appendToStream(
              s,
              [
                {
                  id: randomUUID(),
                  type: 'T',
                  data: { i },
                  metadata: {
                    actorId: 'a',
                    actorRole: 'r',
                    commandId: randomUUID(),
                    correlationId: null,
                    causationId: null,
                    occurredAt: new Date().toISOString(),
                  },
                },
              ],
              { expectedRevision: exp },
            )
          ).nextRevision;
        }
      }),
    );
    console.log('window', w, Date.now() - t, 'ms for 500 appends');
    await store.close();
  }
  await server.stop();
}
main();

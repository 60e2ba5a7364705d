/**
 * npm run export:audit -- <resolutionId> --format csv|jsonl [--out file]
 * The audit trail of a resolution (its own, its tasks' and its reviews' events, by position) for
 * offline review.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import {
  openEventStore,
  openReadModels,
  storeSettingsFromEnv,
} from '../../libs/infrastructure/open-stores';
import { resolutionStream, reviewStream, taskStream } from '../../libs/workflows/shared/streams';

const COLUMNS = [
  'position',
  'id',
  'streamId',
  'revision',
  'type',
  'occurredAt',
  'actorId',
  'actorRole',
  'commandId',
  'correlationId',
  'causationId',
  'hash',
  'prevHash',
  'data',
] as const;

function row(e: StoredEvent): Record<(typeof COLUMNS)[number], string> {
  const m = e.metadata;
  return {
    position: e.position.toString(),
    id: e.id,
    streamId: e.streamId,
    revision: e.revision.toString(),
    type: e.type,
    occurredAt: m.occurredAt,
    actorId: m.actorId,
    actorRole: m.actorRole,
    commandId: m.commandId ?? '',
    correlationId: m.correlationId ?? '',
    causationId: m.causationId ?? '',
    hash: e.hash,
    prevHash: e.prevHash ?? '',
    data: JSON.stringify(e.data),
  };
}

/** RFC 4180: quote every field that needs it, double the quotes inside. */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function exportAudit(
  resolutionId: string,
  format: 'csv' | 'jsonl',
  out: NodeJS.WritableStream,
) {
  const settings = storeSettingsFromEnv();
  const store = openEventStore(settings);
  const readModels = await openReadModels(settings);
  try {
    const r = await readModels.resolution(resolutionId);
    if (!r) throw new Error(`no resolution ${resolutionId}`);
    const streamIds = [
      resolutionStream(r.id),
      ...r.taskIds.map(taskStream),
      ...r.reviewIds.map(reviewStream),
    ];
    if (format === 'csv') out.write(`${COLUMNS.join(',')}\n`);
    let count = 0;
    for await (const e of store.readAll({ filter: { streamIds } })) {
      const fields = row(e);
      out.write(
        format === 'csv'
          ? `${COLUMNS.map((c) => csvField(fields[c])).join(',')}\n`
          : `${JSON.stringify({ ...fields, data: e.data, metadata: e.metadata })}\n`,
      );
      count++;
    }
    return count;
  } finally {
    await readModels.close();
    await store.close();
  }
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { format: { type: 'string', default: 'jsonl' }, out: { type: 'string' } },
  });
  const format = values.format;
  if (positionals.length !== 1 || (format !== 'csv' && format !== 'jsonl')) {
    console.error('usage: npm run export:audit -- <resolutionId> --format csv|jsonl [--out file]');
    process.exit(2);
  }
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  exportAudit(positionals[0], format, out)
    .then((n) => {
      if (values.out) out.end();
      console.error(`exported ${n} events`);
    })
    .catch((err) => {
      console.error(`export failed: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
}

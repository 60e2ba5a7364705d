import * as crypto from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace. The hash must be the same whichever adapter
 * stores the event, so it is computed from this form only.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, false);
}

/**
 * canonicalJson for text that will be stored and parsed back: refuses values whose canonical form
 * is not what JSON.parse would return (functions, symbols, objects with toJSON such as Date), so
 * the stored text and its hash always agree.
 */
export function canonicalJsonForStorage(value: unknown): string {
  return canonical(value, true);
}

// Loops rather than map/filter/join: this runs for every appended event.
function canonical(value: unknown, strict: boolean): string {
  if (value === null || typeof value !== 'object') {
    if (strict && (typeof value === 'function' || typeof value === 'symbol')) {
      throw new TypeError(`not JSON: ${typeof value}`);
    }
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // A hole stays empty, as Array.prototype.map/join left it; storage refuses it.
      if (i in value) out += canonical(value[i], strict);
      else if (strict) throw new TypeError('not JSON: sparse array');
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  if (strict && typeof obj.toJSON === 'function') {
    throw new TypeError(`not JSON: ${obj.constructor?.name ?? 'object'} with toJSON`);
  }
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(k)}:${canonical(v, strict)}`;
  }
  return `${out}}`;
}

export interface HashableEvent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
}

/** Chains each event to the previous one of its stream: altering, removing or reordering breaks it. */
export function eventHash(e: HashableEvent, prevHash: string | null): string {
  if (
    e.data === undefined ||
    e.metadata === undefined ||
    e.id === undefined ||
    e.streamId === undefined ||
    e.type === undefined ||
    prevHash === undefined
  ) {
    // Absent keys are left out of the canonical form; only the general path handles that.
    return sha256Hex(
      canonicalJson({
        id: e.id,
        streamId: e.streamId,
        revision: e.revision.toString(),
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        prevHash,
      }),
    );
  }
  return eventHashOfCanonical(
    {
      id: e.id,
      streamId: e.streamId,
      revision: e.revision,
      type: e.type,
      dataJson: canonicalJson(e.data),
      metadataJson: canonicalJson(e.metadata),
    },
    prevHash,
  );
}

/**
 * eventHash for an event whose data and metadata are already in canonical form (as a store keeps
 * them), without serialising them again. Same result as eventHash.
 */
export function eventHashOfCanonical(
  e: {
    id: string;
    streamId: string;
    revision: bigint;
    type: string;
    dataJson: string;
    metadataJson: string;
  },
  prevHash: string | null,
): string {
  // canonicalJson of the event: the same keys, written out in sorted order.
  const content =
    `{"data":${e.dataJson},"id":${canonical(e.id, false)},"metadata":${e.metadataJson}` +
    `,"prevHash":${canonical(prevHash, false)},"revision":${JSON.stringify(e.revision.toString())}` +
    `,"streamId":${canonical(e.streamId, false)},"type":${canonical(e.type, false)}}`;
  return sha256Hex(content);
}

const oneShotHash = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/** One-shot crypto.hash where available (Node >= 20.12), much cheaper than createHash for short input. */
function sha256Hex(content: string): string {
  return oneShotHash
    ? oneShotHash('sha256', content, 'hex')
    : crypto.createHash('sha256').update(content).digest('hex');
}

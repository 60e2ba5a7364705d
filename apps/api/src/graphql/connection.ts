import { BadUserInput } from '../../../../libs/shared/domain-errors';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** Opaque cursors over a monotonically increasing sequence (creation or global position). */
function encodeCursor(seq: string | bigint): string {
  return Buffer.from(`v1:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const raw = Buffer.from(cursor, 'base64url').toString();
  const m = /^v1:(\d{1,19})$/.exec(raw);
  if (!m || BigInt(m[1]) > MAX_POSITION)
    throw new BadUserInput(field, 'not a cursor this server issued');
  return m[1];
}

/** The largest global position the stores keep (SQLite's signed 64-bit integer). */
export const MAX_POSITION = 2n ** 63n - 1n;

/** A position given by a client: an unsigned decimal integer string within the store's range. */
export function parsePosition(field: string, value: string): bigint {
  if (!/^\d{1,19}$/.test(value) || BigInt(value) > MAX_POSITION)
    throw new BadUserInput(field, `must be an unsigned integer string from 0 to ${MAX_POSITION}`);
  return BigInt(value);
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE)
    throw new BadUserInput('first', `must be from 0 to ${MAX_PAGE}`);
  return first;
}

export function connection<T>(
  items: T[],
  hasNextPage: boolean,
  seqOf: (item: T) => string | bigint,
) {
  return edgesOf(items, hasNextPage, (node) => encodeCursor(seqOf(node)));
}

function edgesOf<T>(items: T[], hasNextPage: boolean, cursorOf: (item: T) => string) {
  const edges = items.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

/** Cursors on a composite key (reportingObligations: dueOn, taskId, period). */
export function encodeKeyCursor(key: string[]): string {
  return Buffer.from(`k1:${JSON.stringify(key)}`).toString('base64url');
}

export function decodeKeyCursor(
  cursor: string | null | undefined,
  arity: number,
  field = 'after',
): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  const raw = Buffer.from(cursor, 'base64url').toString();
  let key: unknown = null;
  try {
    key = raw.startsWith('k1:') ? JSON.parse(raw.slice(3)) : null;
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== arity || !key.every((k) => typeof k === 'string'))
    throw new BadUserInput(field, 'not a cursor this server issued');
  return key as string[];
}

export function keyConnection<T>(items: T[], hasNextPage: boolean, keyOf: (item: T) => string[]) {
  return edgesOf(items, hasNextPage, (node) => encodeKeyCursor(keyOf(node)));
}

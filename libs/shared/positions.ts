/** Global positions as decimal strings (no leading zeros): compared without parsing. */
export function comparePositions(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

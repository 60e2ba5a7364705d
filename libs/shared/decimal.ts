import Decimal from 'decimal.js';

/** Enough digits that no sum or mean of reported values is ever rounded silently. */
Decimal.set({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -1000, toExpPos: 1000 });

export { Decimal };

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export function isDecimalString(s: unknown): s is string {
  return typeof s === 'string' && DECIMAL_PATTERN.test(s);
}

/** Parses the contract's decimal form only: "1.2", "3700", "-0.5"; never "1,2", " 1", 1e3. */
export function parseDecimal(s: string): Decimal {
  if (!isDecimalString(s)) throw new Error(`not a decimal: ${JSON.stringify(s)}`);
  return new Decimal(s);
}

/** Shortest form: "170", "1.2", never "170.0", "1.20" or an exponent. */
export function formatDecimal(d: Decimal): string {
  const s = d.toFixed();
  return s === '-0' ? '0' : s;
}

/** Normalises a decimal string to its shortest form. */
export function normalizeDecimal(s: string): string {
  return formatDecimal(parseDecimal(s));
}

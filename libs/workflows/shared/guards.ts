import { BadUserInput, Forbidden } from '../../shared/domain-errors';
import { isDecimalString } from '../../shared/decimal';
import type { Actor, ActorRole } from './actor';

export function requireRole(actor: Actor, allowed: readonly ActorRole[], action: string): void {
  if (!allowed.includes(actor.role)) throw new Forbidden(`${actor.role} may not ${action}`);
}

export function requireText(field: string, value: unknown, maxLength = 10_000): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new BadUserInput(field, 'must not be empty');
  if (value.length > maxLength) throw new BadUserInput(field, `at most ${maxLength} characters`);
  return value.trim();
}

export function optionalText(field: string, value: unknown, maxLength = 10_000): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new BadUserInput(field, 'must be a string');
  if (value.length > maxLength) throw new BadUserInput(field, `at most ${maxLength} characters`);
  return value;
}

export function requireDecimal(field: string, value: unknown): string {
  if (!isDecimalString(value))
    throw new BadUserInput(field, 'must be a decimal string such as "1.2" or "3700"');
  return value;
}

export function requireYear(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1900 || value > 2200)
    throw new BadUserInput(field, 'must be a year between 1900 and 2200');
  return value;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function requireDate(field: string, value: unknown): string {
  if (!isValidDate(value)) throw new BadUserInput(field, 'must be a date YYYY-MM-DD');
  return value;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

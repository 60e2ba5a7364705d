export const ROLES = [
  'SECRETARIAT',
  'STANDING_COMMITTEE',
  'MEMBER',
  'UNIT_REPORTER',
  'AUDITOR',
  'INTEGRATION',
] as const;
export type Role = (typeof ROLES)[number];

/** Who runs a command: taken from the verified token, never from the client's input. */
export interface Actor {
  id: string;
  role: Role;
  unitId?: string | null;
}

/** What every command carries besides its payload: who, when, and the ids the decider may not invent. */
export interface CommandContext {
  actor: Actor;
  /** Server instant the command runs at (ISO-8601). */
  at: string;
  /** The calendar date at `at` in Asia/Ho_Chi_Minh (YYYY-MM-DD): "today" for calendar rules. */
  today: string;
}

export const ROLES = [
  'SECRETARIAT',
  'STANDING_COMMITTEE',
  'MEMBER',
  'UNIT_REPORTER',
  'AUDITOR',
  'INTEGRATION',
] as const;
export type Role = (typeof ROLES)[number];
/** Who writes the automatic events (processes, timers); never a token's role. */
export const SYSTEM_ROLE = 'SYSTEM';
export type ActorRole = Role | typeof SYSTEM_ROLE;
export const SYSTEM_ACTOR: Actor = { id: 'system', role: SYSTEM_ROLE, unitId: null };

/** Who runs a command: taken from the verified token, never from the client's input. */
export interface Actor {
  id: string;
  role: ActorRole;
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

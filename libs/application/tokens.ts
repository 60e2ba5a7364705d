/** Nest injection tokens for the ports the application layer depends on. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODELS = Symbol('READ_MODELS');
export const PROJECTOR = Symbol('PROJECTOR');
export const CLOCK = Symbol('CLOCK');
export const FOLLOW_UPS = Symbol('FOLLOW_UPS');
export const TIMERS = Symbol('TIMERS');
/** The calendar settings (REMINDER_DAYS, REPORT_GRACE_DAYS): an EngineSettings value. */
export const ENGINE_SETTINGS = Symbol('ENGINE_SETTINGS');

export interface EngineSettings {
  reminderDays: number;
  reportGraceDays: number;
}

import type { TaskStatus } from './task.events';

/** A task no one works on any more: no timer fires for it and it is never overdue. */
export const CLOSED: readonly TaskStatus[] = ['COMPLETED', 'CANCELLED'];

export const isClosed = (status: TaskStatus | 'NONE') => (CLOSED as string[]).includes(status);

/**
 * Overdue (quá hạn) on `today` (Asia/Ho_Chi_Minh): due before it and not closed. Computed when
 * read, never stored; the read model's SQL filter mirrors this.
 */
export const isOverdue = (t: { dueOn: string; status: TaskStatus }, today: string) =>
  t.dueOn < today && !isClosed(t.status);

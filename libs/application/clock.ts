/** The only place that reads the time; deciders get `at` and `today` in the command. */
export interface Clock {
  /** ISO-8601 instant, never earlier than the previous stamp. */
  stamp(): string;
  /** Today's date in Asia/Ho_Chi_Minh (YYYY-MM-DD). */
  today(): string;
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000; // Asia/Ho_Chi_Minh is UTC+7 all year (no DST)

function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export class SystemClock implements Clock {
  private last = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Never stamp earlier than what is already stored (e.g. after the system clock stepped back). */
  notBefore(iso: string | undefined): void {
    if (iso) this.last = Math.max(this.last, Date.parse(iso));
  }

  stamp(): string {
    this.last = Math.max(this.last, this.now());
    return new Date(this.last).toISOString();
  }

  today(): string {
    return vietnamDate(new Date(this.now()));
  }
}

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

  constructor(private readonly read: () => number = Date.now) {}

  /** The current instant in ms (what timers are judged against). */
  now(): number {
    return this.read();
  }

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

/**
 * TEST_CLOCK: starts at a given instant and runs on in real time; `setTestClock` moves it forward,
 * never back. Tests and the demo use it; production never sets it.
 */
export class TestClock extends SystemClock {
  private offset: number;
  private lastSet: number;

  constructor(start: string, real: () => number = Date.now) {
    const startMs = Date.parse(start);
    const realStart = real();
    super(() => startMs + (real() - realStart) + this.offset);
    this.offset = 0;
    this.lastSet = startMs;
  }

  /** The last value set (TEST_CLOCK at first): a move earlier than it is refused. */
  get lastSetAt(): number {
    return this.lastSet;
  }

  /** Moves the clock to `instant` unless it already runs past it; returns the new time. */
  set(instant: number): number {
    this.lastSet = Math.max(this.lastSet, instant);
    const now = this.now();
    if (instant > now) this.offset += instant - now;
    return this.now();
  }
}

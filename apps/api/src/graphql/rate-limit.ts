import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Requests per actor per minute (rate-limiter-flexible, in memory: each API process counts its own
 * requests). Over the limit: RATE_LIMITED with HTTP 429 and how long to wait.
 */
export class RequestRateLimit {
  private readonly limiter: RateLimiterMemory | null;

  constructor(perMinute: number) {
    this.limiter =
      perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : null;
  }

  get enabled(): boolean {
    return this.limiter !== null;
  }

  /** Counts one request of `key` (an actor id, or an address for callers without a valid token). */
  async take(key: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(key);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new GraphQLError(`too many requests; try again in ${seconds} s`, {
        extensions: {
          code: 'RATE_LIMITED',
          retryAfterSeconds: seconds,
          http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) },
        },
      });
    }
  }
}

/**
 * Log lines for client errors, at most `perMinute` per caller: an anonymous client sending
 * garbage cannot turn the log into a flood.
 */
export class ClientErrorLogBudget {
  private readonly limiter: RateLimiterMemory;

  constructor(perMinute = 20) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  async allows(key: string): Promise<boolean> {
    try {
      await this.limiter.consume(key);
      return true;
    } catch {
      return false;
    }
  }
}

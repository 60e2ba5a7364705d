import { Injectable } from '@nestjs/common';
import { resolve } from 'node:path';

/** Development-only secret so `npm start` works on a fresh clone; production sets its own. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-in-production';

/** Every setting the server reads, from the environment, in one place. */
@Injectable()
export class AppConfig {
  readonly port = Number(process.env.PORT ?? 3000);
  readonly host = process.env.HOST ?? '127.0.0.1';
  readonly dataDir = resolve(process.env.DATA_DIR ?? './data');
  readonly eventStoreConnectionString = process.env.EVENTSTORE_CONNECTION_STRING || null;
  readonly readModelUrl = process.env.READ_MODEL_URL || null;
  readonly jwksUrl = process.env.AUTH_JWKS_URL || null;
  readonly jwtIssuer = process.env.AUTH_JWT_ISSUER || null;
  readonly jwtAudience = process.env.AUTH_JWT_AUDIENCE || null;
  readonly jwtSecret =
    process.env.AUTH_JWT_SECRET || (process.env.AUTH_JWKS_URL ? null : DEV_JWT_SECRET);
  readonly usesDevSecret = !process.env.AUTH_JWT_SECRET && !process.env.AUTH_JWKS_URL;
  /** 'external' when apps/projector runs the projections in its own process. */
  readonly externalProjections = process.env.PROJECTIONS === 'external';
  readonly logLevel = process.env.LOG_LEVEL ?? 'info';
  /** Subscriptions close when a consumer falls this many events behind (it resumes from its last position). */
  readonly subscriptionBuffer = Number(process.env.SUBSCRIPTION_BUFFER ?? 1000);
  readonly playground = process.env.NODE_ENV !== 'production';
  /** TEST_CLOCK=<ISO instant>: the clock starts there and setTestClock moves it (tests, demo). */
  readonly testClock = process.env.TEST_CLOCK || null;
  /** Days before a due date that TaskDueSoon fires. */
  readonly reminderDays = Number(process.env.REMINDER_DAYS ?? 7);
  /** Days after a reporting period's end that its report is still on time (new tasks keep it). */
  readonly reportGraceDays = Number(process.env.REPORT_GRACE_DAYS ?? 10);
}

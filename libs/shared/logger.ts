import pino from 'pino';

/** Structured JSON logs, one line each; tokens are never logged. The API and the projector use it. */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'resolution-tracker' },
    redact: ['req.headers.authorization', 'authorization', '*.authorization'],
  });
}

export type Logger = ReturnType<typeof createLogger>;

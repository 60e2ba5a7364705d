/** Typed refusals; the API maps each to the contract's error code. */
export abstract class DomainError extends Error {
  abstract readonly code:
    'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_TRANSITION' | 'CONCURRENCY_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadUserInput extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class InvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly action: string,
    readonly status: string,
  ) {
    super(`cannot ${action} while ${status}`);
  }
}

export class ConcurrencyConflict extends DomainError {
  readonly code = 'CONCURRENCY_CONFLICT';
}

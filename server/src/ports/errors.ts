// Errors carry intent, not HTTP codes; routes map them to statuses.

/** The user's input is wrong; `errors` say where. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly errors: Array<{ path: string; message: string; nodeId?: string }> = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A flow that cannot be saved or published as it is. */
export class FlowValidationError extends ValidationError {
  override name = 'FlowValidationError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** Something that must never happen did: a bug. Logged with context. */
export class InvariantError extends Error {
  override name = 'InvariantError';
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Worth retrying: a busy lease, a provider hiccup. */
export class TransientError extends Error {
  override name = 'TransientError';
}

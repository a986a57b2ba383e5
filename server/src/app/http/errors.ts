// Maps errors that carry intent to HTTP answers. Anything unexpected is a 500 that is logged
// with context but never echoes internals to the client.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { ConflictError, ForbiddenError, InvariantError, NotFoundError, TransientError, ValidationError } from '../../ports/errors';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const unauthorized = () => new HttpError(401, 'Sign in first: send a Bearer token or the session cookie');

export function errorHandler(log: (msg: string, extra?: Record<string, unknown>) => void): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const send = (status: number, body: Record<string, unknown>) => res.status(status).json(body);
    if (err instanceof HttpError) return send(err.status, { error: err.message, ...err.body });
    if (err instanceof ValidationError) return send(422, { error: err.message, errors: err.errors });
    if (err instanceof NotFoundError) return send(404, { error: err.message });
    if (err instanceof ConflictError) return send(409, { error: err.message, ...err.details });
    if (err instanceof ForbiddenError) return send(403, { error: err.message });
    if (err instanceof TransientError) return send(503, { error: err.message });
    if (err instanceof mongoose.Error.CastError) return send(400, { error: `"${err.value}" is not a valid ${err.path}` });
    // a value the request schema let through but the model refuses (e.g. a name that is blank once trimmed): the input is wrong, not the server
    if (err instanceof mongoose.Error.ValidationError) {
      const errors = Object.entries(err.errors).map(([path, e]) => ({ path: `/${path.replace(/\./g, '/')}`, message: e.message }));
      return send(422, { error: `The request is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors });
    }
    const status = (err as { status?: number; type?: string }).status;
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') return send(400, { error: 'The body is not valid JSON' });
    if (type === 'entity.too.large') return send(413, { error: 'The body is too large' });
    if (typeof status === 'number' && status >= 400 && status < 500) return send(status, { error: (err as Error).message });
    log('unexpected error', {
      method: req.method,
      path: req.path,
      error: err instanceof Error ? err.stack : String(err),
      ...(err instanceof InvariantError ? err.context : {}),
    });
    return send(500, { error: 'Something went wrong on our side; it has been logged' });
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: `No such endpoint: ${req.method} ${req.path}` });
};

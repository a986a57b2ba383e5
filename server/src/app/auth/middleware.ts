import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError, unauthorized } from '../http/errors';
import { can, type Permission } from './permissions';
import { userForCredential } from './credentials';
import type { AuthUser } from './sessions';

export const SESSION_COOKIE = 'botloom_session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

export function tokenFrom(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return typeof cookie === 'string' ? cookie : undefined;
}

/** Every /api route except login and health passes here: no valid credentials, 401. */
export function authenticate(now: () => Date): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const token = tokenFrom(req);
    if (!token) return next(unauthorized());
    userForCredential(token, now(), req.ip ?? '')
      .then((user) => {
        if (!user) return next(unauthorized());
        req.user = user;
        next();
      })
      .catch(next);
  };
}

export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(unauthorized());
    if (!can(req.user.role, permission)) return next(new HttpError(403, `Your role (${req.user.role}) may not do this (${permission})`));
    next();
  };
}

export function currentUser(req: Request): AuthUser {
  if (!req.user) throw unauthorized();
  return req.user;
}

/**
 * Every change made with an API key is written to the audit log (method, path, answer), on top
 * of the entries the routes write themselves, so a script's every use is attributed to its key.
 */
export function auditApiKeyChanges(write: (req: Request, status: number) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    if (req.user?.apiKey && req.method !== 'GET' && req.method !== 'HEAD') {
      res.on('finish', () => void write(req, res.statusCode).catch(() => undefined));
    }
    next();
  };
}

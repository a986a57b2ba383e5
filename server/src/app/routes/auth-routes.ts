import { Router, type CookieOptions } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { UserModel } from '../../adapters/mongo/models';
import { authenticate, currentUser, SESSION_COOKIE, tokenFrom } from '../auth/middleware';
import { dummyVerify, verifyPassword } from '../auth/passwords';
import { createSession, endSession, userForToken } from '../auth/sessions';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validate-body';
import type { AppContext } from '../app-context';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  // failed sign-ins only: 10 per 15 minutes per address and email (brute force stops, users do not)
  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: ctx.config.loginAttemptsPer15Min,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // the email as sign-in reads it (trimmed, lower case): padding it with spaces must not open a fresh bucket
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}:${String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`,
    handler: (_req, res) => void res.status(429).json({ error: 'Too many failed sign-ins; wait 15 minutes and try again' }),
  });
  const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https://'), path: '/' };

  router.post('/login', loginLimiter, async (req, res) => {
    const body = parseBody('login', req.body);
    const user = await UserModel.findOne({ email: body.email.trim().toLowerCase() }).select('+passwordHash').lean();
    const ok = user ? await verifyPassword(user.passwordHash, body.password) : await dummyVerify(body.password);
    if (!user || !ok) throw new HttpError(401, 'Wrong email or password');
    const session = await createSession(user._id, ctx.config.sessionDays, req.ip ?? '', ctx.now());
    res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
    res.json({ token: session.token, expiresAt: session.expiresAt, user: { id: user._id.toString(), email: user.email, name: user.name, role: user.role } });
  });

  router.post('/logout', authenticate(ctx.now), async (req, res) => {
    const token = tokenFrom(req);
    if (token) await endSession(token);
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.get('/me', authenticate(ctx.now), (req, res) => {
    res.json({ user: currentUser(req) });
  });

  // Who is signed in, if anyone: the studio asks this on its first load, and "nobody yet" is an
  // answer there, not an error (a 401 would be logged in the console of every first visit).
  router.get('/session', async (req, res) => {
    const token = tokenFrom(req);
    const user = token ? await userForToken(token, ctx.now()) : null;
    res.json({ user: user ?? null });
  });
  return router;
}

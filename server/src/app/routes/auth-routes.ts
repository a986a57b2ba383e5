import { Router, type CookieOptions } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { UserModel } from '../../adapters/mongo/models';
import { authenticate, currentUser, SESSION_COOKIE, tokenFrom } from '../auth/middleware';
import { dummyVerify, verifyPassword } from '../auth/passwords';
import { userForCredential } from '../auth/credentials';
import { createSession, endSession, endSessionsOf, sessionsOf } from '../auth/sessions';
import { NotFoundError } from '../../ports/errors';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { audit } from '../services/audit';
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

  // the person's own sessions: list them, end one, or end every other one ("sign out everywhere else")
  router.get('/sessions', authenticate(ctx.now), async (req, res) => {
    const me = currentUser(req);
    const sessions = await sessionsOf(me.id, ctx.now());
    res.json(sessions.map((s) => ({ ...s, current: s.id === me.sessionId })));
  });

  router.delete('/sessions/:sessionId', authenticate(ctx.now), async (req, res) => {
    const me = currentUser(req);
    const sessionId = param(req, 'sessionId');
    if (!/^[0-9a-f]{24}$/.test(sessionId) || (await endSessionsOf(me.id, { only: sessionId })) === 0) throw new NotFoundError(`session ${sessionId} not found`);
    if (sessionId === me.sessionId) res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.post('/sessions/end-others', authenticate(ctx.now), async (req, res) => {
    const me = currentUser(req);
    const ended = await endSessionsOf(me.id, me.sessionId ? { keep: me.sessionId } : {});
    await audit(req, 'sessions.ended_elsewhere', { type: 'user', id: me.id }, { ended });
    res.json({ ended });
  });

  // Who is signed in, if anyone: the studio asks this on its first load, and "nobody yet" is an
  // answer there, not an error (a 401 would be logged in the console of every first visit).
  router.get('/session', async (req, res) => {
    const token = tokenFrom(req);
    const user = token ? await userForCredential(token, ctx.now(), req.ip ?? '') : null;
    res.json({ user: user ?? null });
  });
  return router;
}

// A guest's chat token: a JWT (HS256, jose) naming one session of one bot, expiring. Its key is
// derived from BOTLOOM_SECRET_KEY (HKDF, its own purpose), so every process of a deployment checks
// every token without storing any, and staff tokens or sealed secrets share nothing with it.
import { hkdfSync } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

const ISSUER = 'botloom';
const AUDIENCE = 'botloom-chat';

export interface ChatSession {
  botId: string;
  sessionId: string;
  expiresAt: Date;
}

export type TokenCheck = { ok: true; session: ChatSession } | { ok: false; reason: 'missing' | 'expired' | 'invalid' };

export interface ChatTokens {
  issue(botId: string, sessionId: string, now: Date): Promise<{ token: string; expiresAt: Date }>;
  check(token: string | undefined, now: Date): Promise<TokenCheck>;
}

export function createChatTokens(secretKey: Buffer, lifetimeHours: number): ChatTokens {
  const key = new Uint8Array(hkdfSync('sha256', secretKey, 'botloom', 'web chat session tokens', 32));
  return {
    async issue(botId, sessionId, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = new Date((issuedAt + Math.round(lifetimeHours * 3600)) * 1000);
      const token = await new SignJWT({ bot: botId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(sessionId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },
    async check(token, now) {
      if (!token) return { ok: false, reason: 'missing' };
      if (token.length > 2000) return { ok: false, reason: 'invalid' };
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: now });
        if (typeof payload.bot !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid' };
        return { ok: true, session: { botId: payload.bot, sessionId: payload.sub, expiresAt: new Date(payload.exp * 1000) } };
      } catch (err) {
        return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}

// Whoever a bearer token or session cookie belongs to: an API key ("blk_…") or a session.
import { isApiKey, userForApiKey } from './api-keys';
import { userForToken, type AuthUser } from './sessions';

export function userForCredential(token: string, now: Date, ip: string): Promise<AuthUser | null> {
  return isApiKey(token) ? userForApiKey(token, now, ip) : userForToken(token, now);
}

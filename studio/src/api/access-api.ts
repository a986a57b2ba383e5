// Team management, API keys and your own sessions (see the OpenAPI "Users" and "Auth" tags).
import { api } from './http';
import type { TeamUser } from './types';

export interface ApiKeySummary {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
}

export interface SessionSummary {
  id: string;
  createdAt: string;
  expiresAt: string;
  ip: string;
  current: boolean;
}

export const membersApi = {
  update: (id: string, patch: { role?: string; name?: string }) => api<TeamUser>('PATCH', `/users/${encodeURIComponent(id)}`, patch),
  remove: (id: string) => api<void>('DELETE', `/users/${encodeURIComponent(id)}`),
  resetPassword: (id: string, password: string) => api<void>('POST', `/users/${encodeURIComponent(id)}/password`, { password }),
};

export const apiKeysApi = {
  list: () => api<ApiKeySummary[]>('GET', '/api-keys'),
  create: (name: string, role: string) => api<{ id: string; key: string; name: string; role: string; prefix: string }>('POST', '/api-keys', { name, role }),
  revoke: (id: string) => api<void>('DELETE', `/api-keys/${encodeURIComponent(id)}`),
};

export const sessionsApi = {
  list: () => api<SessionSummary[]>('GET', '/auth/sessions'),
  end: (id: string) => api<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  endOthers: () => api<{ ended: number }>('POST', '/auth/sessions/end-others'),
};

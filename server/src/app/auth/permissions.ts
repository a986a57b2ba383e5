import type { Role } from '../../adapters/mongo/models';

/** What each role may do. Every route names the permission it needs. */
export const PERMISSIONS = {
  'bots:read': ['admin', 'editor', 'agent', 'viewer'],
  'bots:write': ['admin', 'editor'],
  'simulator:use': ['admin', 'editor', 'agent'],
  'conversations:read': ['admin', 'editor', 'agent', 'viewer'],
  'conversations:act': ['admin', 'editor', 'agent'],
  // front-desk staff (agents) book, move and cancel; viewers only read
  'appointments:manage': ['admin', 'editor', 'agent'],
  'channels:write': ['admin'],
  'users:manage': ['admin'],
  'audit:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

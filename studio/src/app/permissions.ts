// What the signed-in person's role lets them do, mirrored from the server's permissions so the
// studio hides or disables what would be refused anyway.
import { useAuth } from './auth-context';

const PERMISSIONS = {
  'bots:write': ['admin', 'editor'],
  'simulator:use': ['admin', 'editor', 'agent'],
  'conversations:act': ['admin', 'editor', 'agent'],
  'appointments:manage': ['admin', 'editor', 'agent'],
  'users:manage': ['admin'],
  'channels:write': ['admin'],
} as const;

export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: string | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly string[]).includes(role);
}

export function useCan(permission: Permission): boolean {
  return roleCan(useAuth().user?.role, permission);
}

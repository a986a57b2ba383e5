// How conversation statuses are named and coloured in the inbox.
import type { ConversationSummary } from '../../api/types';
export const STATUS_TABS = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'handoff', label: 'With an agent' },
  { value: 'completed', label: 'Finished' },
  { value: 'failed', label: 'Failed' },
] as const;

export const STATUS_LABEL: Record<string, string> = {
  active: 'Active',
  waiting: 'Waiting',
  handoff: 'With an agent',
  completed: 'Finished',
  failed: 'Failed',
};

export const STATUS_COLOR: Record<string, string> = {
  active: 'blue',
  waiting: 'yellow',
  handoff: 'grape',
  completed: 'teal',
  failed: 'red',
};

/** A conversation's badge: its status, or what it ended on ("Ended: webhook failed") when that was a problem. */
export function statusBadge(c: Pick<ConversationSummary, 'status' | 'ending'>): { label: string; color: string; title?: string } {
  if (c.ending && (c.status === 'completed' || c.status === 'failed'))
    return { label: `Ended: ${c.ending.label}`, color: 'red', title: c.ending.message };
  return { label: STATUS_LABEL[c.status] ?? c.status, color: STATUS_COLOR[c.status] ?? 'gray' };
}

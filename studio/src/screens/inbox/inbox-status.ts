// How conversation statuses are named and coloured in the inbox.
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

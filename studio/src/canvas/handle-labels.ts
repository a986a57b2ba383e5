// Exits have names in the schemas (answered, timeout…); these are the words shown on the canvas.
const LABELS: Record<string, { text: string; tone: 'good' | 'bad' | 'plain' }> = {
  out: { text: 'Next', tone: 'plain' },
  true: { text: 'True', tone: 'good' },
  false: { text: 'False', tone: 'bad' },
  success: { text: 'Success', tone: 'good' },
  failure: { text: 'Failure', tone: 'bad' },
  failed: { text: 'Not delivered', tone: 'bad' },
  answered: { text: 'Answered', tone: 'good' },
  reply: { text: 'Reply', tone: 'good' },
  timeout: { text: 'Timed out', tone: 'bad' },
  booked: { text: 'Booked', tone: 'good' },
  cancelled: { text: 'Cancelled', tone: 'plain' },
  unavailable: { text: 'Unavailable', tone: 'bad' },
  unknown: { text: 'Not understood', tone: 'bad' },
};

export function handleLabel(handle: string): { text: string; tone: 'good' | 'bad' | 'plain' } {
  return LABELS[handle] ?? { text: handle, tone: 'plain' };
}

export const TONE_COLORS = {
  good: 'var(--mantine-color-teal-8)',
  bad: 'var(--mantine-color-red-8)',
  plain: 'var(--mantine-color-gray-7)',
} as const;

// The catalogue names icons; these are the drawings for them.
import {
  IconArrowsSplit,
  IconArrowForwardUp,
  IconBox,
  IconCalendarEvent,
  IconClock,
  IconHeadset,
  IconHelpCircle,
  IconMessage,
  IconPlayerPlay,
  IconPlayerStop,
  IconVariable,
  IconWebhook,
  type Icon,
} from '@tabler/icons-react';

const ICONS: Record<string, Icon> = {
  play: IconPlayerPlay,
  message: IconMessage,
  help: IconHelpCircle,
  clock: IconClock,
  split: IconArrowsSplit,
  variable: IconVariable,
  webhook: IconWebhook,
  calendar: IconCalendarEvent,
  stop: IconPlayerStop,
  headset: IconHeadset,
  jump: IconArrowForwardUp,
};

export function NodeIcon({ name, size = 18 }: { name: string; size?: number }) {
  const Drawing = ICONS[name] ?? IconBox;
  return <Drawing size={size} aria-hidden stroke={1.8} />;
}

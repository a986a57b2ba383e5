// The one decision of how a message with choices is laid out on a channel: WhatsApp reply buttons
// (up to 3, titles up to 20 characters), else a WhatsApp list (up to 10 rows, titles up to 24);
// Messenger quick replies (up to 13, titles up to 20); else the text with numbered options, which is
// also what SMS and the simulator always get. Labels are
// never cut: a layout that cannot show them whole gives way to the next one down. The rule itself is
// planWhatsAppChoices and planMessengerChoices in @botloom/shared, which the studio's channel warnings use too.
//
// A button or row id is the choice's 1-based number, so a tap comes back as "2" and the engine's
// pickChoice matches it like a typed "2"; the title and the typed text match as well.
//
// Twilio's WhatsApp API shows buttons and lists only through pre-approved Content templates, so
// the Twilio adapter sends the numbered text; the Cloud API adapter renders buttons and lists.
import { WHATSAPP_LIMITS, planMessengerChoices, planWhatsAppChoices, withNumberedChoices } from '@botloom/shared';
import type { ChannelName } from '../../engine/types';

export interface ChoiceOption {
  /** The choice's 1-based number, as a string. */
  id: string;
  title: string;
}

export type ChoiceLayout =
  | { kind: 'buttons'; body: string; options: ChoiceOption[] }
  | { kind: 'list'; body: string; button: string; options: ChoiceOption[] }
  | { kind: 'quick_replies'; body: string; options: ChoiceOption[] }
  | { kind: 'text'; body: string };

/** The label of the button that opens a WhatsApp list. */
export const LIST_BUTTON = 'Choose';

export function layoutChoices(prompt: string, choices: readonly string[] | undefined, channel: ChannelName): ChoiceLayout {
  const list = choices ?? [];
  const text: ChoiceLayout = { kind: 'text', body: withNumberedChoices(prompt, list) };
  if (list.length === 0) return text;
  const options = list.map((c, i) => ({ id: String(i + 1), title: c.trim() }));
  if (channel === 'messenger') return planMessengerChoices(prompt, list).kind === 'quick_replies' ? { kind: 'quick_replies', body: prompt, options } : text;
  if (channel !== 'whatsapp') return text;
  const plan = planWhatsAppChoices(prompt, list);
  if (plan.kind === 'buttons') return { kind: 'buttons', body: prompt, options };
  if (plan.kind === 'list') return { kind: 'list', body: prompt, button: LIST_BUTTON.slice(0, WHATSAPP_LIMITS.listButton), options };
  return text;
}

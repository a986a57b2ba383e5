// Turns an outgoing message into what a channel can show. SMS and the simulator get plain text
// with numbered options; WhatsApp adapters may show the same choices as buttons or a list (see
// choice-layout.ts). The numbering itself lives in @botloom/shared, so the studio's warnings agree.
import { numberedChoices, withNumberedChoices } from '@botloom/shared';
import type { OutgoingMessage } from '../../engine/types';

export function numberedOptions(choices: readonly string[]): string {
  return numberedChoices(choices);
}

export function renderText(message: OutgoingMessage): string {
  return withNumberedChoices(message.text, message.choices);
}

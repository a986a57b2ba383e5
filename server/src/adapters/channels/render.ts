// Turns an outgoing message into what a channel can show. SMS and the simulator get plain text
// with numbered options; WhatsApp adapters may show the same choices as buttons or a list.
import type { OutgoingMessage } from '../../engine/types';

export function numberedOptions(choices: readonly string[]): string {
  return choices.map((c, i) => `${i + 1}. ${c}`).join('\n');
}

export function renderText(message: OutgoingMessage): string {
  if (!message.choices || message.choices.length === 0) return message.text;
  return [message.text, numberedOptions(message.choices)].filter((part) => part !== '').join('\n');
}

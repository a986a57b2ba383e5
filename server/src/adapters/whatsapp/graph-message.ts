// The Graph API request body for one outbound message (POST /{phone-number-id}/messages).
// Choices are laid out by the one shared decision (adapters/channels/choice-layout.ts): reply
// buttons, a list, or the numbered text; button and row ids are the choices' 1-based numbers.
import { numberedChoices } from '@botloom/shared';
import type { ChannelMessage } from '../../ports/channel';
import { layoutChoices } from '../channels/choice-layout';

const CAPTION_LIMIT = 1024;
const IMAGE = /\.(jpe?g|png)(?:[?#]|$)/i;

export type GraphMessage = { messaging_product: 'whatsapp'; to: string; type: string } & Record<string, unknown>;

/** WhatsApp ids are the number's digits: "+44 7700 900123" is "447700900123". */
export function waId(address: string): string {
  return address.replace(/\D/g, '');
}

/**
 * The prompt of a stored outbound text: the outbox stores what SMS shows (the prompt, then the
 * numbered options); buttons and lists show the options themselves, so they are taken off again.
 */
export function promptOf(storedText: string, choices: readonly string[]): string {
  if (choices.length === 0) return storedText;
  const options = numberedChoices(choices);
  if (storedText === options) return '';
  return storedText.endsWith(`\n${options}`) ? storedText.slice(0, -options.length - 1) : storedText;
}

export function graphMessage(message: ChannelMessage): GraphMessage {
  const base = { messaging_product: 'whatsapp' as const, to: waId(message.to) };
  if (message.template) {
    // outside the 24-hour window only an approved template may go out
    const { name, language, variables } = message.template;
    const components = variables.length > 0 ? [{ type: 'body', parameters: variables.map((text) => ({ type: 'text', text })) }] : undefined;
    return { ...base, type: 'template', template: { name, language: { code: language }, ...(components ? { components } : {}) } };
  }
  if (message.mediaUrl) {
    // a picture WhatsApp can show inline is an image; anything else goes as a document
    const type = IMAGE.test(message.mediaUrl) ? 'image' : 'document';
    const caption = [...message.text].slice(0, CAPTION_LIMIT).join('');
    return { ...base, type, [type]: { link: message.mediaUrl, ...(caption ? { caption } : {}) } };
  }
  const choices = message.choices ?? [];
  const layout = layoutChoices(promptOf(message.text, choices), choices, 'whatsapp');
  if (layout.kind === 'buttons') {
    return {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: layout.body },
        action: { buttons: layout.options.map((o) => ({ type: 'reply', reply: { id: o.id, title: o.title } })) },
      },
    };
  }
  if (layout.kind === 'list') {
    return {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: layout.body },
        action: { button: layout.button, sections: [{ rows: layout.options.map((o) => ({ id: o.id, title: o.title })) }] },
      },
    };
  }
  // numbered text: what the outbox stored already reads that way
  return { ...base, type: 'text', text: { body: message.text } };
}

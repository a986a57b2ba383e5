// The Send API request body for one outbound Messenger message (POST /{version}/me/messages).
// Choices become quick replies when Messenger can show them whole (the shared layout decision,
// adapters/channels/choice-layout.ts), else the numbered text the outbox stored; a quick reply's
// payload is the choice's 1-based number, so a tap comes back as "2" like a typed "2".
import type { ChannelMessage } from '../../ports/channel';
import { layoutChoices } from '../channels/choice-layout';
import { promptOf } from '../whatsapp/graph-message';

const IMAGE = /\.(jpe?g|png|gif|webp)(?:[?#]|$)/i;
const VIDEO = /\.(mp4|mov)(?:[?#]|$)/i;
const AUDIO = /\.(mp3|m4a|ogg|wav)(?:[?#]|$)/i;

export interface SendApiMessage {
  recipient: { id: string };
  /** RESPONSE: inside the 24-hour standard messaging window, the only kind Botloom sends. */
  messaging_type: 'RESPONSE';
  message: Record<string, unknown>;
}

function attachmentType(url: string): 'image' | 'video' | 'audio' | 'file' {
  if (IMAGE.test(url)) return 'image';
  if (VIDEO.test(url)) return 'video';
  if (AUDIO.test(url)) return 'audio';
  return 'file';
}

export function sendApiMessage(message: ChannelMessage): SendApiMessage {
  const base = { recipient: { id: message.to }, messaging_type: 'RESPONSE' as const };
  // a picture or file goes on its own (Messenger takes text or an attachment, not both): the
  // outbox stores the text of a message with media as a message of its own, after it
  if (message.mediaUrl && message.text.trim() === '') {
    return { ...base, message: { attachment: { type: attachmentType(message.mediaUrl), payload: { url: message.mediaUrl, is_reusable: true } } } };
  }
  const choices = message.choices ?? [];
  const layout = layoutChoices(promptOf(message.text, choices), choices, 'messenger');
  if (layout.kind === 'quick_replies') {
    return {
      ...base,
      message: { text: layout.body, quick_replies: layout.options.map((o) => ({ content_type: 'text', title: o.title, payload: o.id })) },
    };
  }
  return { ...base, message: { text: message.text } };
}

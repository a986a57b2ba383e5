// How one outgoing message is stored and sent on a channel: the parts the contact receives, in
// order. SMS splits a text longer than one body (1600 characters); Messenger splits at its 2000
// and takes a picture or file as a message of its own, before the text (it sends either, not both).
// Choices ride on the last part, where Messenger's quick replies and the numbered options belong.
import { MESSENGER_LIMITS, splitSmsBody, withNumberedChoices } from '@botloom/shared';
import type { OutgoingMessage } from '../engine/types';
import type { ChannelName } from '../ports/contact-store';

export interface OutboundPart {
  text: string;
  mediaUrl?: string;
  choices?: string[];
}

export function outboundParts(channel: ChannelName, message: OutgoingMessage): OutboundPart[] {
  // SMS, the simulator and the transcript read the options as a numbered list
  const text = withNumberedChoices(message.text, message.choices);
  const texts = channel === 'sms' ? splitSmsBody(text) : channel === 'messenger' ? splitSmsBody(text, MESSENGER_LIMITS.text) : [text];
  const parts: OutboundPart[] = texts.map((t) => ({ text: t }));
  if (message.mediaUrl) {
    if (channel === 'messenger' && text !== '') parts.unshift({ text: '', mediaUrl: message.mediaUrl });
    else parts[0]!.mediaUrl = message.mediaUrl;
  }
  if (message.choices) parts.at(-1)!.choices = message.choices;
  return parts;
}

// The 24-hour window, as a node that sends sees it. WhatsApp: inside it anything goes; outside it
// only an approved template. Messenger: outside it nothing may be sent (a page has no templates;
// message tags need Meta's review). A node that cannot send must say so rather than drop the message.
import type { SendMessageConfig } from '@botloom/shared';
import type { NodeRuntime } from '../../engine/node-handler';
import type { TemplateMessage } from '../../engine/types';

export type TemplateConfig = NonNullable<SendMessageConfig['template']>;

export const WINDOW_CLOSED_NO_TEMPLATE = 'WhatsApp 24-hour window closed and no template set';
export const MESSENGER_WINDOW_CLOSED = 'Messenger 24-hour window closed: a page may not write first';

export type WindowDecision = { kind: 'open' } | { kind: 'template'; template: TemplateMessage } | { kind: 'closed'; reason: string };

/** What a node may send now: free-form (window open), the rendered template, or nothing. Notes the latter two in the journal. */
export function windowDecision(template: TemplateConfig | undefined, rt: NodeRuntime): WindowDecision {
  if (rt.channel.windowOpen || (rt.channel.name !== 'whatsapp' && rt.channel.name !== 'messenger')) return { kind: 'open' };
  if (rt.channel.name === 'messenger') {
    rt.note(MESSENGER_WINDOW_CLOSED, { kind: 'window_closed', detail: MESSENGER_WINDOW_CLOSED });
    return { kind: 'closed', reason: MESSENGER_WINDOW_CLOSED };
  }
  if (!template) {
    rt.note(WINDOW_CLOSED_NO_TEMPLATE, { kind: 'window_closed', detail: WINDOW_CLOSED_NO_TEMPLATE });
    return { kind: 'closed', reason: WINDOW_CLOSED_NO_TEMPLATE };
  }
  rt.note(`WhatsApp 24-hour window closed: sending the approved template "${template.name}"`);
  const variables = (template.variables ?? []).map((v) => rt.render(v));
  return {
    kind: 'template',
    template: {
      name: template.name,
      language: template.language,
      variables,
      ...(template.content_sid ? { contentSid: template.content_sid } : {}),
    },
  };
}

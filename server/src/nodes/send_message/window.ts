// WhatsApp's 24-hour window, as a node that sends sees it: inside it anything goes; outside it only
// an approved template, and a node without one must say so rather than drop the message.
import type { SendMessageConfig } from '@botloom/shared';
import type { NodeRuntime } from '../../engine/node-handler';
import type { TemplateMessage } from '../../engine/types';

export type TemplateConfig = NonNullable<SendMessageConfig['template']>;

export const WINDOW_CLOSED_NO_TEMPLATE = 'WhatsApp 24-hour window closed and no template set';

export type WindowDecision = { kind: 'open' } | { kind: 'template'; template: TemplateMessage } | { kind: 'closed' };

/** What a node may send now: free-form (window open), the rendered template, or nothing. Notes the latter two in the journal. */
export function windowDecision(template: TemplateConfig | undefined, rt: NodeRuntime): WindowDecision {
  if (rt.channel.name !== 'whatsapp' || rt.channel.windowOpen) return { kind: 'open' };
  if (!template) {
    rt.note(WINDOW_CLOSED_NO_TEMPLATE, { kind: 'window_closed', detail: WINDOW_CLOSED_NO_TEMPLATE });
    return { kind: 'closed' };
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

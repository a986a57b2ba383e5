// What cannot reach the contact exactly as the builder wrote it, per channel, per node: the studio
// shows these next to the node. They are advice (the runtime degrades gracefully), never errors.
import { isNodeType } from './catalogue';
import { MESSENGER_LIMITS, SMS_LIMITS, WHATSAPP_LIMITS, planMessengerChoices, planWhatsAppChoices, smsSegments, splitSmsBody, withNumberedChoices } from './channel-limits';
import type { FlowDocument, RunnableFlow } from './flow-types';

export type WarningChannel = 'sms' | 'whatsapp' | 'messenger';

export type ChannelWarningCode =
  | 'whatsapp_list'
  | 'whatsapp_numbered'
  | 'whatsapp_undelivered'
  | 'sms_media'
  | 'sms_split'
  | 'sms_ucs2'
  | 'messenger_numbered'
  | 'messenger_split'
  | 'messenger_undelivered';

export interface ChannelWarning {
  nodeId: string;
  channel: WarningChannel;
  code: ChannelWarningCode;
  /** JSON pointer into the flow document, e.g. /nodes/3/data/choices/1 */
  path: string;
  message: string;
}

type AnyNode = { id: string; type: string; data: unknown };

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** A text as it reads in a warning: short, quoted. */
const quote = (text: string) => `"${text.length > 40 ? `${text.slice(0, 39)}…` : text}"`;

function whatsappChoices(node: AnyNode, at: string, body: string, choices: string[], out: ChannelWarning[]): void {
  const warn = (code: ChannelWarningCode, path: string, message: string) =>
    out.push({ nodeId: node.id, channel: 'whatsapp', code, path, message });
  const plan = planWhatsAppChoices(body, choices);
  if (plan.kind === 'buttons') return;
  const longest = choices.reduce((best, c, i) => (Array.from(c.trim()).length > Array.from(choices[best]!.trim()).length ? i : best), 0);
  const long = `${quote(choices[longest]!.trim())} (choice ${longest + 1})`;
  if (plan.kind === 'list') {
    const why =
      choices.length > WHATSAPP_LIMITS.buttons
        ? `${choices.length} choices are more than ${WHATSAPP_LIMITS.buttons} buttons`
        : `${long} is longer than a button's ${WHATSAPP_LIMITS.buttonTitle} characters`;
    warn(
      'whatsapp_list',
      choices.length > WHATSAPP_LIMITS.buttons ? `${at}/choices` : `${at}/choices/${longest}`,
      `On WhatsApp the choices are shown as a list, not buttons: ${why}`,
    );
    return;
  }
  const why: Record<typeof plan.reason, string> = {
    no_choices: 'there are no choices',
    too_many: `${choices.length} choices are more than a list's ${WHATSAPP_LIMITS.listRows} rows`,
    title_too_long: `${long} is longer than a list row's ${WHATSAPP_LIMITS.rowTitle} characters`,
    body_unusable: `buttons and lists need a question of 1 to ${WHATSAPP_LIMITS.interactiveBody} characters`,
    titles_unusable: 'two choices are the same, or one is empty',
  };
  warn(
    'whatsapp_numbered',
    plan.reason === 'title_too_long' ? `${at}/choices/${longest}` : `${at}/choices`,
    `On WhatsApp the choices are sent as numbered text: ${why[plan.reason]}`,
  );
}

function messengerChoices(node: AnyNode, at: string, body: string, choices: string[], out: ChannelWarning[]): void {
  const plan = planMessengerChoices(body, choices);
  if (plan.kind === 'quick_replies') return;
  const longest = choices.reduce((best, c, i) => (Array.from(c.trim()).length > Array.from(choices[best]!.trim()).length ? i : best), 0);
  const why: Record<typeof plan.reason, string> = {
    no_choices: 'there are no choices',
    too_many: `${choices.length} choices are more than Messenger's ${MESSENGER_LIMITS.quickReplies} quick replies`,
    title_too_long: `${quote(choices[longest]!.trim())} (choice ${longest + 1}) is longer than a quick reply's ${MESSENGER_LIMITS.quickReplyTitle} characters`,
    body_unusable: `quick replies need a question of 1 to ${MESSENGER_LIMITS.text} characters`,
    titles_unusable: 'two choices are the same, or one is empty',
  };
  out.push({
    nodeId: node.id,
    channel: 'messenger',
    code: 'messenger_numbered',
    path: plan.reason === 'title_too_long' ? `${at}/choices/${longest}` : `${at}/choices`,
    message: `On Messenger the choices are sent as numbered text, not quick replies: ${why[plan.reason]}`,
  });
}

function messengerText(node: AnyNode, path: string, text: string, out: ChannelWarning[]): void {
  if (Array.from(text).length <= MESSENGER_LIMITS.text) return;
  const parts = splitSmsBody(text, MESSENGER_LIMITS.text).length;
  out.push({
    nodeId: node.id,
    channel: 'messenger',
    code: 'messenger_split',
    path,
    message: `On Messenger ${text.length} characters are more than one message carries (${MESSENGER_LIMITS.text}): sent as ${parts} separate messages`,
  });
}

function smsText(node: AnyNode, path: string, text: string, out: ChannelWarning[]): void {
  const warn = (code: ChannelWarningCode, message: string) => out.push({ nodeId: node.id, channel: 'sms', code, path, message });
  if (text.length > SMS_LIMITS.maxLength) {
    const parts = splitSmsBody(text).length;
    warn(
      'sms_split',
      `${text.length} characters are more than one SMS carries (${SMS_LIMITS.maxLength}): sent as ${parts} separate messages`,
    );
  }
  const segments = smsSegments(text);
  if (segments.encoding === 'UCS-2') {
    const asGsm = smsSegments(Array.from(text, (c) => (segments.nonGsm.includes(c) ? '?' : c)).join('')).segments;
    const shown = segments.nonGsm.slice(0, 5).join(' ');
    warn(
      'sms_ucs2',
      `${shown} ${segments.nonGsm.length === 1 ? 'is' : 'are'} outside the SMS alphabet: the message is sent as UCS-2, ${SMS_LIMITS.ucs2Segment} characters per segment (${segments.segments} segment${segments.segments === 1 ? '' : 's'} instead of ${asGsm})`,
    );
  }
}

/**
 * The steps a conversation can reach after a pause (a Wait, or a time limit running out): only
 * there can WhatsApp's 24-hour window have closed since the contact's last message.
 */
function stepsAfterAPause(nodes: readonly AnyNode[], edges: ReadonlyArray<{ source: string; target: string; sourceHandle?: string | null }>): Set<string> {
  const pausing = new Set(nodes.filter((n) => n.type === 'wait' && (n.data as { mode?: string } | null)?.mode !== 'reply').map((n) => n.id));
  const queue = edges.filter((e) => pausing.has(e.source) || e.sourceHandle === 'timeout').map((e) => e.target);
  const seen = new Set<string>();
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) queue.push(e.target);
  }
  return seen;
}

/** Lists, per node and channel, what the contact will not see exactly as written. Templates ({{...}}) are measured as written. */
export function channelWarnings(flow: FlowDocument | RunnableFlow, channels: ReadonlyArray<WarningChannel>): ChannelWarning[] {
  const out: ChannelWarning[] = [];
  const nodes = flow.nodes as readonly AnyNode[];
  const edges = flow.edges as ReadonlyArray<{ source: string; target: string; sourceHandle?: string | null }>;
  const connected = new Set(edges.map((e) => `${e.source}:${e.sourceHandle ?? ''}`));
  const afterPause = stepsAfterAPause(nodes, edges);
  nodes.forEach((node, i) => {
    if (!isNodeType(node.type) || typeof node.data !== 'object' || node.data === null) return;
    const data = node.data as Record<string, unknown>;
    const at = `/nodes/${i}/data`;
    const choices = node.type === 'ask' && data.answer_type === 'choice' ? strings(data.choices) : [];
    for (const channel of channels) {
      if (channel === 'whatsapp') {
        if (choices.length > 0) whatsappChoices(node, at, str(data.question), choices, out);
        // the one case a message is not delivered on purpose: the 24-hour window closed and no template
        if (node.type === 'send_message' && afterPause.has(node.id) && data.template === undefined && !connected.has(`${node.id}:failed`)) {
          out.push({
            nodeId: node.id,
            channel,
            code: 'whatsapp_undelivered',
            path: `${at}/template`,
            message:
              'This message may go out after a pause. On WhatsApp, more than 24 hours after the contact last wrote it needs an approved template: with none set and “Not delivered” leading nowhere, the conversation ends here',
          });
        }
        if (node.type === 'book_appointment') {
          const offers = typeof data.offer_count === 'number' ? data.offer_count : 3;
          if (offers > WHATSAPP_LIMITS.buttons) {
            out.push({
              nodeId: node.id,
              channel,
              code: 'whatsapp_list',
              path: `${at}/offer_count`,
              message: `On WhatsApp the ${offers} times are shown as a list, not buttons (at most ${WHATSAPP_LIMITS.buttons})`,
            });
          }
        }
        continue;
      }
      if (channel === 'messenger') {
        if (choices.length > 0) messengerChoices(node, at, str(data.question), choices, out);
        if (node.type === 'send_message') messengerText(node, `${at}/text`, str(data.text), out);
        if (node.type === 'ask') messengerText(node, `${at}/question`, withNumberedChoices(str(data.question), choices), out);
        // Messenger has no templates: after a pause past 24 hours nothing can be sent at all
        if ((node.type === 'send_message' || node.type === 'ask') && afterPause.has(node.id) && !connected.has(`${node.id}:failed`)) {
          out.push({
            nodeId: node.id,
            channel,
            code: 'messenger_undelivered',
            path: at,
            message:
              node.type === 'send_message'
                ? 'This message may go out after a pause. On Messenger, more than 24 hours after the contact last wrote, a page may not write to them: with “Not delivered” leading nowhere, the conversation ends here'
                : 'This question may be asked after a pause. On Messenger, more than 24 hours after the contact last wrote, a page may not write to them, and the conversation ends here',
          });
        }
        continue;
      }
      if (node.type === 'send_message') {
        if (str(data.media_url) !== '') {
          out.push({
            nodeId: node.id,
            channel,
            code: 'sms_media',
            path: `${at}/media_url`,
            message: 'Pictures and files (MMS) reach US and Canadian numbers only: elsewhere SMS carries the text alone',
          });
        }
        smsText(node, `${at}/text`, str(data.text), out);
      } else if (node.type === 'ask') {
        smsText(node, `${at}/question`, withNumberedChoices(str(data.question), choices), out);
        if (str(data.retry_message) !== '')
          smsText(node, `${at}/retry_message`, withNumberedChoices(str(data.retry_message), choices), out);
      } else if (node.type === 'book_appointment') {
        for (const field of ['prompt', 'confirmation']) if (str(data[field]) !== '') smsText(node, `${at}/${field}`, str(data[field]), out);
      } else if (node.type === 'ai_intent' || node.type === 'ai_reply') {
        // what the AI steps themselves say: the question asked first, the fallback
        const field = node.type === 'ai_intent' ? 'question' : 'fallback';
        if (str(data[field]) !== '') smsText(node, `${at}/${field}`, str(data[field]), out);
      }
    }
  });
  return out;
}

// What went wrong in a conversation, in plain words: read from its journal (the engine's trace
// entries) so the simulator, the inbox and the replay all tell the person the same thing. One
// notice is not a problem: `jumped`, where the conversation went on to another flow of the bot.
export type NoticeKind = 'webhook_failed' | 'calendar_failed' | 'window_closed' | 'no_exit' | 'failed' | 'jumped';

/** A notice that says where the conversation went, not that something went wrong. */
export const isInformationNotice = (notice: { kind: NoticeKind }): boolean => notice.kind === 'jumped';

export interface ConversationNotice {
  /** The step it happened at (null when the flow itself was the problem, e.g. no Start). */
  nodeId: string | null;
  kind: NoticeKind;
  /** One sentence for the person building or watching the bot. */
  message: string;
  /** The journal number of the entry it comes from, to place it among messages and steps. */
  seq?: number;
  at?: string;
  /** True when the conversation ended with it. */
  ending?: boolean;
  /** On `jumped`: the flow the conversation went on to. */
  flowId?: string;
}

/** A journal entry as the journal API returns it (and as the server stores it). */
export interface NoticeSourceEntry {
  seq?: number;
  type: string;
  nodeId?: string | null;
  data?: Record<string, unknown> | null;
  at?: string | Date;
}

/** The journal entry types notices are read from: a query may ask for only these. */
export const NOTICE_SOURCE_TYPES = ['note', 'ended', 'effect.http_request', 'jumped'] as const;

/** Short words for the conversation list: "Ended: webhook failed". */
export const NOTICE_LABEL: Record<NoticeKind, string> = {
  webhook_failed: 'webhook failed',
  calendar_failed: 'calendar unavailable',
  window_closed: 'message not sent',
  no_exit: 'a step leads nowhere',
  failed: 'error',
  jumped: 'went to another flow',
};

/** Why a webhook call failed, as the safe HTTP client or the node put it, in plain words. */
export function plainWebhookReason(detail: string): string {
  if (/not allowed/i.test(detail)) {
    return /private|loopback|link-local|reserved|local|unique|internal/i.test(detail)
      ? 'that address is private and blocked for safety'
      : 'that address is blocked for safety';
  }
  if (/timed? ?out/i.test(detail)) return 'it did not answer in time';
  const status = /the server answered (\d{3})/.exec(detail);
  if (status) return `the server answered with error ${status[1]}`;
  if (/could not resolve host/i.test(detail)) return 'that address does not exist';
  if (/larger than/i.test(detail)) return 'its answer was too large';
  if (/ECONNREFUSED|network error/i.test(detail)) return 'the server could not be reached';
  return detail;
}

function plainCalendarReason(detail: string): string {
  if (/not found/i.test(detail)) return 'its calendar does not exist (it may have been deleted)';
  return detail;
}

function describeProblem(kind: NoticeKind, name: string, detail: string, url: string | undefined): string {
  if (kind === 'webhook_failed') return `The step “${name}” could not call ${url ?? 'its webhook'}: ${plainWebhookReason(detail)}`;
  if (kind === 'calendar_failed') return `The step “${name}” could not use its calendar: ${plainCalendarReason(detail)}`;
  if (kind === 'window_closed') {
    return `The step “${name}” could not send its message: on WhatsApp, more than 24 hours after the contact last wrote, only an approved template may be sent, and this step has none`;
  }
  return `The step “${name}” had a problem: ${detail}`;
}

const PROBLEM_KINDS = new Set<string>(['webhook_failed', 'calendar_failed', 'window_closed']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the notices out of journal entries (in journal order). `nameOf` gives a step's display
 * name; a step it does not know is named by its id.
 */
export function noticesFromJournal(entries: readonly NoticeSourceEntry[], nameOf: (nodeId: string) => string | undefined): ConversationNotice[] {
  const name = (nodeId: string | null | undefined) => (nodeId ? (nameOf(nodeId) ?? nodeId) : 'the flow');
  const lastUrl = new Map<string, string>();
  const notices: ConversationNotice[] = [];
  for (const entry of entries) {
    const data = entry.data ?? {};
    const nodeId = entry.nodeId ?? text(data.nodeId) ?? null;
    const place = { ...(entry.seq !== undefined ? { seq: entry.seq } : {}), ...(entry.at ? { at: new Date(entry.at).toISOString() } : {}) };
    if (entry.type === 'effect.http_request' && nodeId && text(data.url)) lastUrl.set(nodeId, text(data.url)!);
    if (entry.type === 'note') {
      const problem = data.problem as { kind?: string; detail?: string } | undefined;
      if (!problem?.kind || !PROBLEM_KINDS.has(problem.kind)) continue;
      const kind = problem.kind as NoticeKind;
      const url = nodeId ? lastUrl.get(nodeId) : undefined;
      notices.push({ nodeId, kind, message: describeProblem(kind, name(nodeId), problem.detail ?? 'unknown error', url), ...place });
    }
    if (entry.type === 'jumped') {
      const flowId = text(data.flowId);
      notices.push({ nodeId, kind: 'jumped', message: `Went on to the flow “${text(data.flowName) ?? flowId ?? 'another flow'}”`, ...(flowId ? { flowId } : {}), ...place });
    }
    if (entry.type === 'ended') {
      const exit = text(data.exit);
      if (exit) {
        notices.push({ nodeId, kind: 'no_exit', message: `The conversation ended because the ‘${exit}’ exit of “${name(nodeId)}” leads nowhere`, ending: true, ...place });
      } else if (data.status === 'failed') {
        const previous = notices.at(-1);
        // the problem the step just reported already says why; mark it as the ending instead
        if (previous && previous.nodeId === nodeId && !previous.ending && !isInformationNotice(previous)) previous.ending = true;
        else notices.push({ nodeId, kind: 'failed', message: `The conversation stopped because of an error: ${text(data.reason) ?? 'unknown'}`, ending: true, ...place });
      }
    }
  }
  return notices;
}

/**
 * What ended the conversation, if it ended on a problem: the step's own problem when it had one
 * (a webhook failed and its "failure" exit led nowhere: "webhook failed"), else the ending itself.
 */
export function endingNotice(notices: readonly ConversationNotice[]): ConversationNotice | null {
  const last = notices.at(-1);
  if (!last?.ending) return null;
  if (last.kind !== 'no_exit') return last;
  const cause = [...notices].reverse().find((n) => !n.ending && n.nodeId === last.nodeId && !isInformationNotice(n));
  return cause ?? last;
}

/** Why an outbound message was not delivered, from its status and the provider's error code. */
export function sendFailureText(status: string | undefined, errorCode: string | undefined): string | null {
  if (status !== 'failed' && status !== 'undelivered' && status !== 'suppressed') return null;
  if (errorCode === 'opted_out') return 'Not sent: the contact has opted out of messages';
  if (errorCode === '63016') return 'Not sent: on WhatsApp, more than 24 hours after the contact last wrote, only an approved template may be sent';
  if (errorCode === '21211' || errorCode === '21614') return 'Not sent: the phone number is not valid';
  if (errorCode === '21610') return 'Not sent: the contact has blocked messages from this number';
  if (errorCode === '30003' || errorCode === '30005') return 'Not delivered: the phone is unreachable or the number does not exist';
  const code = errorCode && errorCode !== 'send_error' ? ` (error ${errorCode})` : '';
  return status === 'undelivered' ? `Not delivered: the provider could not deliver it${code}` : `Not sent: the provider refused or could not be reached${code}`;
}

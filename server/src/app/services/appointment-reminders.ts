// Appointment reminders: each confirmed appointment of a calendar with reminder rules gets one
// durable job per rule (ports/reminder-scheduler.ts, Agenda). Exactly-once is built from three parts:
// - the job carries what it was planned for (the appointment's start, the calendar's reminders
//   revision): a job of an appointment moved or cancelled since, or of rules changed since, does
//   nothing when it runs, so moving or cancelling only has to plan again (cancelling old jobs is tidying);
// - the send goes through the outbox under `reminder:<appointmentId>:<ruleIndex>:<start>`, written
//   before the provider call: a job run twice (a worker died holding it) sends once;
// - planning marks the appointment (`remindersPlanned` = the revision planned under; a move unsets
//   it), and a sweep plans every future confirmed appointment whose mark is missing or stale, so a
//   process dying between a booking and its planning loses no reminder.
// Consent is checked again just before sending (and once more by the outbox); on WhatsApp outside the
// 24-hour window the rule's approved template goes, or the reminder is skipped with the reason.
// A calendar naming a reply flow has it started (the runtime's proactive start, keyed like the send)
// so the contact's answer ("cancel", "move it") is handled there.
import { Types } from 'mongoose';
import { AppointmentModel, BotModel, ContactModel, ResourceModel } from '../../adapters/mongo/models';
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../../domain/outreach/quiet-hours';
import { planReminders, reminderScope, renderReminder, type ReminderRule } from '../../domain/outreach/reminder-plan';
import { whatsappWindowOpen } from '../../engine/channel-window';
import type { OutgoingMessage } from '../../engine/types';
import type { ReminderJob, ReminderScheduler } from '../../ports/reminder-scheduler';
import type { Outbox } from '../../runtime/outbox';
import { botHasChannel } from './appointment-notice';

export const WINDOW_CLOSED_NO_TEMPLATE = 'WhatsApp 24-hour window closed and the reminder has no approved template';

/** The runtime's proactive start (ConversationRunner.start), as the reminders use it. */
export type StartConversation = (
  target: { botId: string; channel: 'simulator' | 'sms' | 'whatsapp'; address: string },
  req: { flowId?: string; vars?: Record<string, unknown>; origin: { kind: 'api'; by?: string; refId?: string }; startKey?: string },
) => Promise<{ conversationId: string; started: boolean }>;

export interface RemindersDeps {
  scheduler: ReminderScheduler;
  outbox: Pick<Outbox, 'send'>;
  /** Starts the calendar's reply flow with the reminder (absent: reminders are plain messages). */
  startConversation?: StartConversation;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
  /** Journals in a conversation outside a step. */
  journal(conversationId: string, type: string, data: Record<string, unknown>): Promise<void>;
}

/** What happened to one rule of one appointment, kept on the appointment (`reminderLog.<ruleIndex>`). */
export interface ReminderLogEntry {
  start: string;
  outcome: 'planned' | 'sent' | 'skipped';
  /** When it is planned to go, went, or was skipped. */
  at: string;
  reason?: string;
  deferredByQuietHours?: boolean;
  messageId?: string;
}

type AppointmentDoc = {
  _id: Types.ObjectId;
  botId: Types.ObjectId;
  resourceId: Types.ObjectId;
  contactId: Types.ObjectId;
  conversationId?: Types.ObjectId | null;
  start: Date;
  end: Date;
  status: string;
  reminderLog?: Record<string, ReminderLogEntry> | null;
};
type ResourceDoc = { _id: Types.ObjectId; name: string; timezone: string; reminders?: ReminderRule[] | null; remindersRev?: number | null; replyFlowId?: Types.ObjectId | null };

const SWEEP_BATCH = 200;

export function createReminders(deps: RemindersDeps) {
  async function record(a: AppointmentDoc, ruleIndex: number, entry: ReminderLogEntry, journalType?: string): Promise<void> {
    // only while the appointment still starts then: a moved one has a new plan of its own
    await AppointmentModel.updateOne({ _id: a._id, start: a.start }, { $set: { [`reminderLog.${ruleIndex}`]: entry } });
    if (journalType && a.conversationId) {
      await deps.journal(a.conversationId.toString(), journalType, { appointmentId: a._id.toString(), ruleIndex, ...entry }).catch(() => undefined);
    }
  }

  async function zoneAndQuiet(a: AppointmentDoc): Promise<{ timezone: string; quietHours: QuietHours }> {
    const [contact, bot] = await Promise.all([ContactModel.findById(a.contactId, { timezone: 1 }).lean(), BotModel.findById(a.botId, { timezone: 1, quietHours: 1 }).lean()]);
    return {
      timezone: contact?.timezone || bot?.timezone || 'UTC',
      quietHours: { start: bot?.quietHours?.start ?? DEFAULT_QUIET_HOURS.start, end: bot?.quietHours?.end ?? DEFAULT_QUIET_HOURS.end },
    };
  }

  /** Plans (again) every reminder of one appointment; cancels them when it is no longer confirmed. */
  async function planFor(appointmentId: string): Promise<void> {
    if (!Types.ObjectId.isValid(appointmentId)) return;
    const a = await AppointmentModel.findById(appointmentId).lean<AppointmentDoc>();
    await deps.scheduler.cancelReminders(appointmentId);
    if (!a || a.status !== 'confirmed') return;
    const resource = await ResourceModel.findById(a.resourceId, { name: 1, timezone: 1, reminders: 1, remindersRev: 1 }).lean<ResourceDoc>();
    if (!resource) return;
    const rules = resource.reminders ?? [];
    const rev = resource.remindersRev ?? 0;
    const start = a.start.toISOString();
    const now = deps.now();
    const log: Record<string, ReminderLogEntry> = {};
    if (rules.length > 0) {
      const { timezone, quietHours } = await zoneAndQuiet(a);
      const plan = planReminders({ start: a.start, rules, quietHours, timezone, now });
      const previous = a.reminderLog ?? {};
      for (const p of plan.planned) {
        // already sent for this very start (the rules changed afterwards): not planned again
        const before = previous[String(p.ruleIndex)];
        if (before?.outcome === 'sent' && before.start === start) {
          log[p.ruleIndex] = before;
          continue;
        }
        await deps.scheduler.scheduleReminder({ appointmentId, ruleIndex: p.ruleIndex, start, rev }, p.at);
        log[p.ruleIndex] = { start, outcome: 'planned', at: p.at.toISOString(), ...(p.deferredByQuietHours ? { deferredByQuietHours: true, reason: `moved out of quiet hours (${quietHours.start}–${quietHours.end} in ${timezone})` } : {}) };
      }
      for (const s of plan.skipped) log[s.ruleIndex] = { start, outcome: 'skipped', at: now.toISOString(), reason: s.reason };
    }
    await AppointmentModel.updateOne({ _id: a._id, status: 'confirmed', start: a.start }, { $set: { remindersPlanned: rev, reminderLog: log } });
  }

  async function skip(a: AppointmentDoc, job: ReminderJob, reason: string): Promise<void> {
    deps.log('reminder skipped', { appointmentId: job.appointmentId, ruleIndex: job.ruleIndex, reason });
    await record(a, job.ruleIndex, { start: job.start, outcome: 'skipped', at: deps.now().toISOString(), reason }, 'reminder.skipped');
  }

  /** The job's handler: sends the reminder once, or does nothing when the job is stale. */
  async function fire(job: ReminderJob): Promise<void> {
    if (!Types.ObjectId.isValid(job.appointmentId)) return;
    const a = await AppointmentModel.findById(job.appointmentId).lean<AppointmentDoc>();
    // cancelled or moved since it was planned: the job is stale
    if (!a || a.status !== 'confirmed' || a.start.toISOString() !== job.start) return;
    const resource = await ResourceModel.findById(a.resourceId, { name: 1, timezone: 1, reminders: 1, remindersRev: 1, replyFlowId: 1 }).lean<ResourceDoc>();
    const rule = resource?.reminders?.[job.ruleIndex];
    if (!resource || !rule || (resource.remindersRev ?? 0) !== job.rev) return; // the rules changed since: planned again
    const now = deps.now();
    if (now >= a.start) return skip(a, job, 'the appointment had begun when the reminder came due');
    const contact = await ContactModel.findById(a.contactId).lean();
    if (!contact) return;
    // consent re-checked just before sending: an opt-out that arrived a second ago wins
    if (contact.optedOut) return skip(a, job, 'the contact has opted out');
    const channel = contact.channel as 'simulator' | 'sms' | 'whatsapp';
    if (!(await botHasChannel(a.botId.toString(), channel))) return skip(a, job, `the bot has no ${channel === 'sms' ? 'SMS' : 'WhatsApp'} channel connected`);
    const textInput = { start: a.start, end: a.end, timezone: contact.timezone || resource.timezone, calendarName: resource.name, contact: { ...(contact.attributes ?? {}), phone: contact.address, address: contact.address } };
    const rendered = renderReminder(rule, textInput);
    const message: OutgoingMessage = { text: rendered.text };
    if (channel === 'whatsapp' && !whatsappWindowOpen(contact.lastInboundAt, now)) {
      if (!rule.template) return skip(a, job, WINDOW_CLOSED_NO_TEMPLATE);
      message.template = { name: rule.template.name, language: rule.template.language, variables: rendered.templateVariables, ...(rule.template.content_sid ? { contentSid: rule.template.content_sid } : {}) };
    }
    const key = `reminder:${job.appointmentId}:${job.ruleIndex}:${job.start}`;
    // the calendar's reply flow handles the answer: it is started (once: the key) with the
    // reminder, and the reminder is its first message; a contact in a conversation keeps it
    const reply = resource.replyFlowId ? await startReplyFlow(a, resource, contact, key, rendered.text, textInput) : null;
    const messageId = await deps.outbox.send({
      key,
      botId: a.botId.toString(),
      contactId: contact._id.toString(),
      conversationId: reply?.conversationId ?? a.conversationId?.toString(),
      channel,
      message,
      sentBy: 'bot',
    });
    const notes = [message.template ? `sent as the approved template "${message.template.name}" (WhatsApp 24-hour window closed)` : '', reply?.note ?? ''].filter(Boolean);
    await record(a, job.ruleIndex, { start: job.start, outcome: 'sent', at: now.toISOString(), messageId, ...(notes.length ? { reason: notes.join('; ') } : {}) }, 'reminder.sent');
  }

  /**
   * Starts the calendar's reply flow for the contact, with the appointment and the reminder in its
   * variables (`state.appointment`, `state.calendar`, `state.reminder.text`). The flow should begin
   * by waiting for the reply. Not started (and the reminder sent as a plain message) when the contact
   * is in a conversation already, or the flow cannot start; the note says why.
   */
  async function startReplyFlow(
    a: AppointmentDoc,
    resource: ResourceDoc,
    contact: { address: string; channel: string },
    key: string,
    text: string,
    textInput: Parameters<typeof reminderScope>[0],
  ): Promise<{ conversationId?: string; note: string }> {
    if (!deps.startConversation) return { note: '' };
    const scope = reminderScope(textInput).state;
    try {
      const started = await deps.startConversation(
        { botId: a.botId.toString(), channel: contact.channel as 'sms' | 'whatsapp', address: contact.address },
        {
          flowId: resource.replyFlowId!.toString(),
          // the same shape as a booking step's saved appointment (id, start, end, label...), and more
          vars: {
            appointment: { ...scope.appointment, id: a._id.toString(), resourceId: a.resourceId.toString(), start: a.start.toISOString(), end: a.end.toISOString(), label: scope.appointment.time, status: a.status },
            calendar: scope.calendar,
            reminder: { text },
          },
          origin: { kind: 'api', by: `a reminder of “${resource.name}”`, refId: a._id.toString() },
          startKey: key,
        },
      );
      return { conversationId: started.conversationId, note: 'the reply flow is waiting for the answer' };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      deps.log('the reminder goes as a plain message: its reply flow did not start', { appointmentId: a._id.toString(), reason: why });
      return { note: `the reply flow did not start: ${why}` };
    }
  }

  /** Plans what is missing or stale: future confirmed appointments of calendars with reminders. */
  async function sweep(filter: Record<string, unknown> = {}): Promise<number> {
    const now = deps.now();
    const resources = await ResourceModel.find({ ...filter, 'reminders.0': { $exists: true } }, { remindersRev: 1 }).lean<Array<{ _id: Types.ObjectId; remindersRev?: number | null }>>();
    let planned = 0;
    for (const r of resources) {
      if (planned >= SWEEP_BATCH) break;
      const due = await AppointmentModel.find({ resourceId: r._id, status: 'confirmed', start: { $gt: now }, remindersPlanned: { $ne: r.remindersRev ?? 0 } }, { _id: 1 })
        .limit(SWEEP_BATCH - planned)
        .lean();
      for (const a of due) await planFor(a._id.toString());
      planned += due.length;
    }
    return planned;
  }

  /** Marks future appointments matching `filter` as needing a new plan, and plans a first batch now. */
  async function replan(filter: Record<string, unknown>, resourceFilter: Record<string, unknown>): Promise<void> {
    await AppointmentModel.updateMany({ ...filter, status: 'confirmed', start: { $gt: deps.now() } }, { $unset: { remindersPlanned: 1 } });
    await sweep(resourceFilter);
  }

  return {
    planFor,
    /** The appointment was cancelled: its jobs are removed (they would do nothing anyway). */
    cancelFor: (appointmentId: string) => deps.scheduler.cancelReminders(appointmentId),
    fire,
    sweep: () => sweep(),
    /** A calendar's rules changed (its remindersRev moved on): plans its appointments again. */
    replanResource: (resourceId: string) => sweep({ _id: new Types.ObjectId(resourceId) }),
    /** The bot's quiet hours or zone changed. */
    replanBot: (botId: string) => replan({ botId: new Types.ObjectId(botId) }, { botId: new Types.ObjectId(botId) }),
    /** The contact's zone changed. */
    replanContact: async (contactId: string) => {
      const future = await AppointmentModel.find({ contactId: new Types.ObjectId(contactId), status: 'confirmed', start: { $gt: deps.now() } }, { _id: 1 }).limit(SWEEP_BATCH).lean();
      for (const a of future) await planFor(a._id.toString());
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;

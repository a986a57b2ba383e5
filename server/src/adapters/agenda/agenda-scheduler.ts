// Durable jobs on Agenda 6 (MongoDB backend): outbox retries and the recovery sweep. Jobs live in the
// database and Agenda's locks make one worker run each; handlers are idempotent anyway (a job from a
// crashed worker re-runs after its lock expires).
//
// Conversation timers are not Agenda jobs any more: they live in the conversation, armed by its step
// write, and the runtime's timer wheel fires them (runtime/timer-wheel.ts says why). Timer jobs
// written by earlier versions still run, through `onTimer`, until none is left.
import { Agenda, InMemoryNotificationChannel, exponential } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { JobSchedulerPort, TimerJob } from '../../ports/scheduler';
import type { ReminderJob, ReminderScheduler } from '../../ports/reminder-scheduler';

/** Timer jobs of earlier versions (still run; never scheduled now). */
export const TIMER_JOB = 'conversation-timer';
export const OUTBOX_RETRY_JOB = 'outbox-retry';
export const RECOVERY_JOB = 'recover-interrupted-effects';
export const REMINDER_JOB = 'appointment-reminder';
/** How long a worker's lock on the recovery job holds it from the others. */
export const RECOVERY_LOCK_MS = 30_000;

export interface AgendaHandlers {
  /** A timer job written by an earlier version. */
  onTimer(job: TimerJob): Promise<void>;
  onOutboxRetry(messageId: string): Promise<void>;
  onRecovery(): Promise<void>;
  /** An appointment reminder is due (idempotent: the outbox key makes a second run send nothing). */
  onReminder?(job: ReminderJob): Promise<void>;
}

export interface AgendaScheduler extends JobSchedulerPort, ReminderScheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly ready: boolean;
}

export function createAgendaScheduler(opts: { mongoUri: string; processEveryMs: number; handlers: AgendaHandlers; recoveryEvery?: string }): AgendaScheduler {
  const agenda = new Agenda({
    backend: new MongoBackend({ address: opts.mongoUri, collection: 'agendaJobs' }),
    processEvery: opts.processEveryMs,
    // in one process, a job due sooner than the next poll still runs on time
    notificationChannel: new InMemoryNotificationChannel(),
  });
  let ready = false;
  // a handler that throws (database hiccup, a contact busy for long) is run again later: a failed
  // timer must not be a lost timer. Handlers are idempotent, so a retry that already ran is a no-op.
  const retry = exponential({ delay: 1_000, factor: 2, maxDelay: 5 * 60_000, maxRetries: 12, jitter: 0.2 });
  // a job locked by a worker that died is run again once its lock expires: minutes, not Agenda's default 10
  const lockLifetime = 2 * 60_000;
  // many retries can fall due together: Agenda's default of 5 at a time per job type would queue
  // them; the runtime serializes per contact, so more can run at once
  const concurrency = 50;
  agenda.define<TimerJob>(TIMER_JOB, async (job) => opts.handlers.onTimer(job.attrs.data), { removeOnComplete: true, backoff: retry, lockLifetime, concurrency });
  agenda.define<{ messageId: string }>(OUTBOX_RETRY_JOB, async (job) => opts.handlers.onOutboxRetry(job.attrs.data.messageId), { removeOnComplete: true, backoff: retry, lockLifetime, concurrency });
  const onReminder = opts.handlers.onReminder;
  if (onReminder) agenda.define<ReminderJob>(REMINDER_JOB, async (job) => onReminder(job.attrs.data), { removeOnComplete: true, backoff: retry, lockLifetime, concurrency });
  // recovery is what picks up a dead process's work, so a dead process holding its lock must not
  // stall it for long: a short lock (a second pass running alongside a slow one is harmless, every
  // write it makes is conditional)
  agenda.define(RECOVERY_JOB, async () => opts.handlers.onRecovery(), { lockLifetime: RECOVERY_LOCK_MS });

  return {
    get ready() {
      return ready;
    },
    async start() {
      await agenda.start();
      await agenda.every(opts.recoveryEvery ?? '1 minute', RECOVERY_JOB);
      ready = true;
    },
    async stop() {
      ready = false;
      await agenda.stop();
    },
    async scheduleOutboxRetry(messageId, at) {
      await agenda.schedule(at, OUTBOX_RETRY_JOB, { messageId });
    },
    async scheduleReminder(job, at) {
      // one job per appointment and rule: planning again (a move, the sweep) replaces it
      await agenda
        .create<ReminderJob>(REMINDER_JOB, { appointmentId: job.appointmentId, ruleIndex: job.ruleIndex, start: job.start, rev: job.rev })
        .unique({ 'data.appointmentId': job.appointmentId, 'data.ruleIndex': job.ruleIndex })
        .schedule(at)
        .save();
    },
    async cancelReminders(appointmentId) {
      await agenda.cancel({ name: REMINDER_JOB, data: { appointmentId } });
    },
  };
}

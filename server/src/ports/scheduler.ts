// Timers and background jobs.
//
// A conversation's timer is durable in the conversation itself: the step that arms it writes
// `timers: [{token, at}]` in the same conditional write as the step (ConversationRecord.timers), and
// the step that moves past it clears it the same way. So parking costs no extra round trip, a timer
// survives any restart, and cancelling can never be lost. TimerPort only tells this process's timer
// wheel (runtime/timer-wheel.ts) about timers it armed or moved past, so it can fire them on time
// without asking the database; other processes' timers, and a dead process's, are found by the
// wheel's periodic scan. Firing is a `timer` event delivered to the conversation, whose own
// revision-conditional write makes it happen once however many processes try.

export interface TimerJob {
  conversationId: string;
  token: string;
  /** The conversation's revision that armed the timer: a copy older than this cannot tell whether it is still armed. */
  rev?: number;
}

/** In-process hints, never a database write: the conversation's step write is the durable timer. */
export interface TimerPort {
  scheduleTimer(job: TimerJob, at: Date): Promise<void>;
  cancelTimer(job: TimerJob): Promise<void>;
}

/** Durable background jobs (Agenda): a scheduled job runs even if every server restarts in between. */
export interface JobSchedulerPort {
  /** Retries an outbound message later (transient provider errors). */
  scheduleOutboxRetry(messageId: string, at: Date): Promise<void>;
}

/** What the runtime's parts use: timers in the wheel, jobs in the job scheduler. */
export interface SchedulerPort extends TimerPort, JobSchedulerPort {}

/** Durable timers: a scheduled timer fires even if every server restarts in between. */
export interface TimerJob {
  conversationId: string;
  token: string;
}

export interface SchedulerPort {
  scheduleTimer(job: TimerJob, at: Date): Promise<void>;
  cancelTimer(job: TimerJob): Promise<void>;
  /** Retries an outbound message later (transient provider errors). */
  scheduleOutboxRetry(messageId: string, at: Date): Promise<void>;
}

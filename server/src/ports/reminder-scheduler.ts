/**
 * Durable reminder jobs (one per appointment and reminder rule). A job carries what it was planned
 * for (the appointment's start and the calendar's reminders revision) as its token: when it runs,
 * an appointment moved or cancelled since, or rules changed since, make it a no-op.
 */
export interface ReminderJob {
  appointmentId: string;
  ruleIndex: number;
  /** The appointment's start (ISO) the job was planned for. */
  start: string;
  /** The calendar's remindersRev the job was planned under. */
  rev: number;
}

export interface ReminderScheduler {
  /** Schedules the job; one job per appointment and rule (a second schedule replaces the first). */
  scheduleReminder(job: ReminderJob, at: Date): Promise<void>;
  /** Removes every reminder job of the appointment. */
  cancelReminders(appointmentId: string): Promise<void>;
}

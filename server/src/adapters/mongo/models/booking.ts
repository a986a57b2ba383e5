import { Schema, model } from 'mongoose';

const resourceSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true, index: true },
    name: { type: String, required: true },
    timezone: { type: String, required: true },
    slotMinutes: { type: Number, required: true },
    weeklyHours: { type: Schema.Types.Mixed, required: true },
    minNoticeMinutes: { type: Number, default: 0 },
    horizonDays: { type: Number, default: 60 },
    // messages before each confirmed appointment: [{minutesBefore, text, template?}]
    reminders: { type: Schema.Types.Mixed, default: undefined },
    // bumped whenever the reminders change: a reminder job planned under another number is stale
    remindersRev: { type: Number, default: 0 },
    // the flow that handles a reply to a reminder (waits for the proactive-start runtime)
    replyFlowId: { type: Schema.Types.ObjectId, ref: 'Flow' },
  },
  { timestamps: true, minimize: false },
);

export const ResourceModel = model('Resource', resourceSchema);

const appointmentSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true, index: true },
    resourceId: { type: Schema.Types.ObjectId, ref: 'Resource', required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    conversationId: { type: Schema.Types.ObjectId, ref: 'Conversation' },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    status: { type: String, enum: ['confirmed', 'cancelled'], required: true },
    // "<resource>:<start ISO>" while confirmed, "cancelled:<id>" after: the unique index makes a
    // double booking impossible without transactions or partial indexes
    slotKey: { type: String, required: true, unique: true },
    cancelledAt: { type: Date },
    // the calendar's remindersRev the reminder jobs were planned under for the current start
    // (unset by every move: the planner and its sweep plan what is missing or stale)
    remindersPlanned: { type: Number },
    // per reminder rule: what happened to it {start, at, outcome: sent|skipped, reason?}
    reminderLog: { type: Schema.Types.Mixed, default: undefined },
  },
  { timestamps: true },
);
appointmentSchema.index({ resourceId: 1, start: 1 });
appointmentSchema.index({ contactId: 1, status: 1, start: 1 });

export const AppointmentModel = model('Appointment', appointmentSchema);

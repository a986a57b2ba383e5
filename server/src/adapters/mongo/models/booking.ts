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
  },
  { timestamps: true },
);
appointmentSchema.index({ resourceId: 1, start: 1 });
appointmentSchema.index({ contactId: 1, status: 1, start: 1 });

export const AppointmentModel = model('Appointment', appointmentSchema);

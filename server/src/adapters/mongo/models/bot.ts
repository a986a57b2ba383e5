import { Schema, model } from 'mongoose';

const twilioChannelSchema = new Schema(
  {
    accountSid: { type: String, required: true },
    authTokenEnc: { type: String, required: true },
    from: { type: String, default: '' },
    whatsappFrom: { type: String, default: '' },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

const botSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    timezone: { type: String, default: 'UTC' },
    helpText: { type: String, default: 'Reply STOP to stop receiving messages.' },
    mainFlowId: { type: Schema.Types.ObjectId, ref: 'Flow' },
    channels: {
      twilio: { type: twilioChannelSchema, default: undefined },
    },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);

export const BotModel = model('Bot', botSchema);

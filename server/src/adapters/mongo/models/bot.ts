import { Schema, model } from 'mongoose';
import { signalChangesOf } from './change-signal';

const twilioChannelSchema = new Schema(
  {
    accountSid: { type: String, required: true },
    authTokenEnc: { type: String, required: true },
    from: { type: String, default: '' },
    whatsappFrom: { type: String, default: '' },
    // pacing: messages per second each sender may send (a US long code: 1 SMS/s; WhatsApp: more)
    smsPerSecond: { type: Number, default: 1 },
    whatsappPerSecond: { type: Number, default: 10 },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

// Meta's WhatsApp Cloud API: every secret sealed (the verify token too; it is shown masked)
const whatsappChannelSchema = new Schema(
  {
    phoneNumberId: { type: String, required: true },
    wabaId: { type: String, default: '' },
    accessTokenEnc: { type: String, required: true },
    appSecretEnc: { type: String, required: true },
    verifyTokenEnc: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

// the bot's own language model settings (ai_intent, ai_reply): the key sealed like channel secrets
const aiSettingsSchema = new Schema(
  {
    model: { type: String, default: '' },
    apiKeyEnc: { type: String, default: '' },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

// A Facebook page through Meta's Messenger Platform: every secret sealed, the verify token too
const messengerChannelSchema = new Schema(
  {
    pageId: { type: String, required: true },
    pageAccessTokenEnc: { type: String, required: true },
    appSecretEnc: { type: String, required: true },
    verifyTokenEnc: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

// The web chat widget and public chat API: on unless turned off; with origins listed, only pages
// on those origins may use it (CORS, and who may frame the chat page)
const webchatSchema = new Schema(
  {
    enabled: { type: Boolean, default: true },
    allowedOrigins: { type: [String], default: [] },
    title: { type: String, default: '' },
    updatedAt: { type: Date },
  },
  { _id: false },
);

const botSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    timezone: { type: String, default: 'UTC' },
    helpText: { type: String, default: 'Reply STOP to stop receiving messages.' },
    // answer registered contacts only; others get one polite refusal (registeredOnlyText, else a standard one)
    registeredOnly: { type: Boolean, default: false },
    registeredOnlyText: { type: String, default: '' },
    // when nothing is sent first, in each contact's zone (reminders; campaigns by default)
    quietHours: { start: { type: String, default: '21:00' }, end: { type: String, default: '08:00' } },
    mainFlowId: { type: Schema.Types.ObjectId, ref: 'Flow' },
    channels: {
      twilio: { type: twilioChannelSchema, default: undefined },
      whatsapp: { type: whatsappChannelSchema, default: undefined },
      messenger: { type: messengerChannelSchema, default: undefined },
    },
    ai: { type: aiSettingsSchema, default: undefined },
    webchat: { type: webchatSchema, default: undefined },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);

// the runtime caches bots: every write here tells the cache (models/change-signal.ts)
signalChangesOf(botSchema, 'bots');

export const BotModel = model('Bot', botSchema);

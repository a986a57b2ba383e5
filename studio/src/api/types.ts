// The shapes the Botloom API answers with, as the studio uses them.
import type { FlowIssue } from '@botloom/shared';

export interface User {
  id: string;
  email: string;
  name?: string;
  role: string;
}

export interface QuietHours {
  start: string;
  end: string;
}

export interface BotSummary {
  id: string;
  name: string;
  timezone: string;
  helpText: string;
  /** Answer registered contacts only; others get one refusal (registeredOnlyText, else a standard one). */
  registeredOnly?: boolean;
  registeredOnlyText?: string;
  quietHours?: QuietHours;
  publishedVersion: number;
  draftUpdatedAt?: string | null;
  updatedAt?: string;
}

export interface StoredNode {
  id: string;
  type: string;
  position: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface StoredEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export interface DraftView {
  flowId: string;
  name: string;
  main: boolean;
  nodes: StoredNode[];
  edges: StoredEdge[];
  rev: number;
  updatedAt: string | null;
  problems: FlowIssue[];
}

export interface FlowSummary {
  id: string;
  name: string;
  main: boolean;
  /** Flows this one goes on to from its Start through jumps with no waiting step (for the loop check). */
  jumpsWithoutWaiting?: string[];
}

export interface BotDetail extends BotSummary {
  flow: DraftView;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  requires?: string[];
}

export interface VersionChanges {
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: string[];
  addedEdges: string[];
  removedEdges: string[];
}

export interface VersionSummary {
  id: string;
  version: number;
  createdAt: string;
  live: boolean;
  changes: VersionChanges | null;
  rolledBackTo?: number;
}

/** A published version with its steps, opened read-only. */
export interface VersionDetail {
  id: string;
  version: number;
  createdAt: string;
  /** The main flow's. */
  nodes: StoredNode[];
  edges: StoredEdge[];
  /** Every flow the version holds, the main one first. */
  flows?: Array<{ id: string; name: string; main: boolean; nodes: StoredNode[]; edges: StoredEdge[] }>;
}

export interface PublishResult {
  id: string;
  version: number;
  createdAt: string;
  warnings?: FlowIssue[];
  /** Nothing changed since the live version: this is it again, no new version was made. */
  unchanged?: boolean;
}

export type WeekDay = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type WeeklyHours = Partial<Record<WeekDay, Array<[string, string]>>>;

export interface Resource {
  id: string;
  name: string;
  timezone: string;
  slotMinutes: number;
  weeklyHours: WeeklyHours;
  minNoticeMinutes: number;
  horizonDays: number;
  /** Messages before each confirmed appointment. */
  reminders?: ReminderRule[];
  /** The flow meant to handle replies to the reminders. */
  replyFlowId?: string | null;
}

export interface ReminderRule {
  minutesBefore: number;
  text: string;
  template?: { name: string; language: string; variables?: string[]; content_sid?: string };
}

export type ResourceInput = Omit<Resource, 'id'>;

export interface SimulatorReply {
  text: string;
  nodeId?: string;
  choices?: string[];
  mediaUrl?: string;
}

export interface ConversationView {
  id: string;
  status: 'active' | 'waiting' | 'completed' | 'failed' | 'handoff' | string;
  nodeId: string | null;
  state: Record<string, unknown>;
  endReason?: string | null;
}

/** Something that went wrong in a conversation, worded by the server (GET /conversations/:id/notices). */
export interface ConversationNotice {
  nodeId: string | null;
  kind: string;
  message: string;
  seq?: number;
  at?: string;
  ending?: boolean;
  /** On a jump: the flow the conversation went on to. */
  flowId?: string;
}

/** Why a conversation ended, when it ended on a problem. */
export interface ConversationEnding {
  kind: string;
  nodeId: string | null;
  label: string;
  message: string;
}

export interface SimulatorAnswer {
  /** What went wrong while the message was answered (absent from older servers). */
  notices?: ConversationNotice[];
  replies: SimulatorReply[];
  conversation: ConversationView | null;
}

export interface MessageView {
  id: string;
  direction: 'in' | 'out';
  text: string;
  createdAt: string;
  nodeId?: string;
  choices?: string[];
  mediaUrl?: string;
  conversationId?: string | null;
  sentBy?: string;
  status?: string;
  errorCode?: string;
}

export type ConversationStatus = 'active' | 'waiting' | 'completed' | 'failed' | 'handoff';

export interface ConversationSummary {
  id: string;
  botId: string;
  contactId: string;
  contact: string;
  channel: string;
  status: ConversationStatus | string;
  nodeId: string | null;
  state: Record<string, unknown>;
  source?: string;
  agentId?: string | null;
  endReason?: string | null;
  ending?: ConversationEnding | null;
  startedAt: string;
  updatedAt: string;
}

export interface TranscriptMessage {
  id: string;
  direction: 'in' | 'out';
  text: string;
  createdAt: string;
  channel?: string;
  sentBy?: 'contact' | 'bot' | 'agent' | string;
  status?: string;
  nodeId?: string;
  errorCode?: string;
}

export interface JournalEntry {
  seq: number;
  type: string;
  nodeId?: string;
  data?: Record<string, unknown>;
  at: string;
}

export interface Contact {
  id: string;
  channel: string;
  address: string;
  attributes: Record<string, unknown>;
  timezone?: string | null;
  optedOut: boolean;
  /** Who recorded the opt-out: the contact (STOP) or staff. */
  optedOutBy?: 'contact' | 'staff' | null;
  tags: string[];
  /** Added by staff rather than only by writing in. */
  registered: boolean;
  refusedAt?: string | null;
  lastInboundAt?: string | null;
}

export interface NewContact {
  address: string;
  channel: 'sms' | 'whatsapp';
  attributes?: Record<string, string>;
  timezone?: string;
  tags?: string[];
  consent?: 'opted_in' | 'opted_out';
}

export interface ContactPatch {
  attributes?: Record<string, unknown>;
  timezone?: string;
  tags?: string[];
  registered?: boolean;
  consent?: 'opted_in' | 'opted_out';
}

export interface LineIssue {
  line: number;
  message: string;
}

export interface ImportSummary {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: LineIssue[];
  warnings: LineIssue[];
  preview?: Array<{ line: number; action: 'create' | 'update' | 'unchanged'; address: string; channel: string; tags: string[]; attributes: Record<string, string>; timezone?: string; consent?: string }>;
}

export interface Appointment {
  id: string;
  resourceId: string;
  start: string;
  end: string;
  status: string;
}

export type ContactChannel = 'simulator' | 'sms' | 'whatsapp' | 'messenger' | 'webchat';

/** An appointment as the Appointments screen lists it: with who it is for. */
export interface BookedAppointment extends Appointment {
  contact: string | null;
  contactId: string;
  contactName: string | null;
  channel: ContactChannel | null;
  conversationId: string | null;
  /** Each reminder's outcome: planned (when), sent, or skipped (why). */
  reminders?: Array<{ ruleIndex: number; outcome: 'planned' | 'sent' | 'skipped'; at: string; reason?: string }>;
}

export interface FreeSlot {
  start: string;
  end: string;
  label: string;
}

export interface NewAppointment {
  resourceId: string;
  start: string;
  contact: { address: string; channel: ContactChannel; name?: string };
}

export interface ContactDetail extends Contact {
  conversations: ConversationSummary[];
  appointments: Appointment[];
}

export interface BotAnalytics {
  version: number;
  conversations: { started: number; completed: number; failed: number; active: number; waiting: number; handoff: number };
  nodes: Array<{ nodeId: string; reached: number; continued: number; dropOff: number }>;
}

export interface MessageVolume {
  day: string;
  channel: string;
  direction: 'in' | 'out';
  status: string;
  count: number;
}

export interface TeamUser extends User {
  createdAt?: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string;
}

export type TwilioChannelView =
  | {
      connected: true;
      accountSid: string;
      /** Masked: only the last characters. */
      authToken: string;
      from: string;
      whatsappFrom: string;
      smsPerSecond: number;
      whatsappPerSecond: number;
      updatedAt: string;
    }
  | { connected: false };

export type WhatsAppChannelView =
  | {
      connected: true;
      phoneNumberId: string;
      wabaId?: string;
      accessToken: string;
      appSecret: string;
      verifyToken: string;
      updatedAt: string;
    }
  | { connected: false };

export type MessengerChannelView =
  | { connected: true; pageId: string; pageAccessToken: string; appSecret: string; verifyToken: string; updatedAt: string }
  | { connected: false };

export interface BotChannels {
  twilio: TwilioChannelView;
  whatsapp: WhatsAppChannelView;
  messenger: MessengerChannelView;
  webchat: WebChatView;
  webhookUrls: { twilioMessages: string; twilioStatus: string; whatsapp: string; messenger: string };
}

export interface WebChatView {
  enabled: boolean;
  allowedOrigins: string[];
  title: string;
  widgetUrl: string;
  pageUrl: string;
  snippet: string;
}

export interface WebChatInput {
  enabled?: boolean;
  allowedOrigins?: string[];
  title?: string;
}

export interface MessengerChannelInput {
  pageId: string;
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface TwilioChannelInput {
  accountSid: string;
  authToken: string;
  from: string;
  whatsappFrom?: string;
  smsPerSecond?: number;
  whatsappPerSecond?: number;
}

export interface WhatsAppChannelInput {
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  wabaId?: string;
}

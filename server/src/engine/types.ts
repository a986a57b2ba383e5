// The engine's vocabulary: what a conversation is, what can happen to it, and what it asks the
// outside world to do. Plain data only, so a flow plus a list of events replays byte for byte.
export type ConversationStatus = 'active' | 'waiting' | 'completed' | 'failed' | 'handoff';

export type WaitKind = 'reply' | 'timer' | 'effect';

export interface WaitState {
  nodeId: string;
  for: WaitKind;
  /** The timer or effect this wait expects; events with another token are stale. */
  token?: string;
  /** A timer that ends a reply-wait early (the node's "timeout" exit). */
  timeoutToken?: string;
  /** Node-local data kept across the wait (attempts, offered slots). */
  data: Record<string, unknown>;
}

export interface InboundMessage {
  id: string;
  text: string;
  mediaUrl?: string;
}

export interface ConversationState {
  status: ConversationStatus;
  nodeId: string | null;
  vars: Record<string, unknown>;
  wait: WaitState | null;
  lastMessage: { text: string } | null;
  /** Why a failed or completed conversation ended, for the journal and the inbox. */
  endReason?: string;
}

export interface EffectResult {
  ok: boolean;
  data?: unknown;
  error?: string;
}

export type EngineEvent =
  /** `flowId`: start in that flow of the version (a trigger's or a proactive start's); default the main flow. */
  | { type: 'start'; message?: InboundMessage; flowId?: string }
  | { type: 'message'; message: InboundMessage }
  | { type: 'timer'; token: string }
  | { type: 'effect_result'; token: string; result: EffectResult }
  /** An agent hands the conversation back to the bot at a node of their choice. */
  | { type: 'resume_at'; nodeId: string };

/** An approved WhatsApp template with its variables filled in: what is sent when the 24-hour window has closed. */
export interface TemplateMessage {
  name: string;
  language: string;
  variables: string[];
  /** Twilio's Content SID for the same template (Twilio sends templates by this id). */
  contentSid?: string;
}

export interface OutgoingMessage {
  text: string;
  mediaUrl?: string;
  /** Options the channel may render as buttons or a list; text always reads well without them. */
  choices?: string[];
  /** Send this approved template instead of the text (WhatsApp, outside the 24-hour window). */
  template?: TemplateMessage;
}

export interface HttpRequestSpec {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export type BookingRequest =
  | { op: 'offer'; resourceId: string; count: number; timezone?: string }
  | { op: 'book'; resourceId: string; start: string; timezone?: string; replaceAppointmentId?: string }
  | { op: 'find_next'; resourceId: string; timezone?: string }
  | { op: 'cancel'; appointmentId: string };

export type Effect =
  | ({ type: 'send'; nodeId: string } & OutgoingMessage)
  | { type: 'schedule_timer'; nodeId: string; token: string; at: string }
  | { type: 'cancel_timer'; token: string }
  | { type: 'http_request'; nodeId: string; token: string; request: HttpRequestSpec }
  | { type: 'booking'; nodeId: string; token: string; request: BookingRequest }
  | { type: 'update_contact'; attributes: Record<string, unknown> };

export type TraceEntry =
  | { type: 'node_entered'; nodeId: string; nodeType: string }
  | { type: 'edge_followed'; from: string; handle: string; to: string }
  /** The jump step `nodeId` sent the conversation on to another flow's Start (`to`, its linked node id). */
  | { type: 'jumped'; nodeId: string; flowId: string; flowName: string; to: string }
  | { type: 'waiting'; nodeId: string; for: WaitKind }
  /** `exit`: set when the conversation ended because that exit of a node with several ways out leads nowhere. */
  | { type: 'ended'; status: 'completed' | 'failed'; nodeId: string | null; reason: string; exit?: string }
  | { type: 'handoff'; nodeId: string; note: string }
  | { type: 'ignored'; reason: string }
  /** `problem`: set when the note records something that went wrong (shown to staff in plain words). */
  | { type: 'note'; nodeId: string; message: string; problem?: TraceProblem };

/** What went wrong at a node, machine-readable: the studio words it for people. */
export interface TraceProblem {
  kind: 'webhook_failed' | 'calendar_failed' | 'window_closed';
  /** The underlying error, as the adapter or the node put it. */
  detail: string;
}

/** The contact as templates and nodes see it: `contact.first_name`, `contact.phone`... */
export type ContactView = Record<string, unknown> & { timezone?: string };

export type ChannelName = 'sms' | 'whatsapp' | 'simulator';

/** The channel the conversation runs on, as the engine needs to know it. */
export interface ChannelContext {
  name: ChannelName;
  /** WhatsApp allows free-form messages only within 24 h of the contact's last message; always true elsewhere. */
  windowOpen: boolean;
}

export interface EngineContext {
  now: Date;
  newId(): string;
  contact: ContactView;
  channel: ChannelContext;
}

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
  trace: TraceEntry[];
}

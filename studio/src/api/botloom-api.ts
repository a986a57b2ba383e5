// Every call the studio makes, named for what it does.
import { api } from './http';
import type {
  AuditEntry,
  BotAnalytics,
  BotChannels,
  TwilioChannelInput,
  WhatsAppChannelInput,
  MessengerChannelInput,
  WebChatInput,
  BotDetail,
  Contact,
  ContactDetail,
  ContactPatch,
  ImportSummary,
  NewContact,
  QuietHours,
  ConversationNotice,
  ConversationSummary,
  JournalEntry,
  MessageVolume,
  TeamUser,
  TranscriptMessage,
  BotSummary,
  ConversationView,
  DraftView,
  FlowSummary,
  MessageView,
  PublishResult,
  Resource,
  ResourceInput,
  SimulatorAnswer,
  StoredEdge,
  StoredNode,
  Template,
  User,
  VersionSummary,
  VersionDetail,
  BookedAppointment,
  FreeSlot,
  NewAppointment,
} from './types';

export const authApi = {
  me: () => api<{ user: User }>('GET', '/auth/me'),
  /** Who is signed in, or `{user: null}`: never a 401. */
  session: () => api<{ user: User | null }>('GET', '/auth/session'),
  login: (email: string, password: string) => api<{ user: User }>('POST', '/auth/login', { email, password }),
  logout: () => api<void>('POST', '/auth/logout'),
};

export const botsApi = {
  list: () => api<BotSummary[]>('GET', '/bots'),
  templates: () => api<Template[]>('GET', '/templates'),
  create: (input: { name: string; timezone?: string; template?: string }) => api<BotSummary>('POST', '/bots', input),
  get: (id: string) => api<BotDetail>('GET', `/bots/${id}`),
  update: (id: string, patch: { name?: string; timezone?: string; helpText?: string; registeredOnly?: boolean; registeredOnlyText?: string; quietHours?: QuietHours }) =>
    api<BotSummary>('PATCH', `/bots/${id}`, patch),
  remove: (id: string) => api<void>('DELETE', `/bots/${id}`),
  duplicate: (id: string) => api<BotSummary>('POST', `/bots/${id}/duplicate`),
};

export const flowApi = {
  /** Saves the main flow's draft, or the draft of the flow `flowId` names. */
  save: (botId: string, flow: { nodes: StoredNode[]; edges: StoredEdge[]; rev: number }, flowId?: string) =>
    api<DraftView>('PUT', flowId ? `/bots/${botId}/flows/${flowId}` : `/bots/${botId}/flow`, flow),
  importChatBoost: (botId: string, file: unknown) =>
    api<DraftView & { warnings?: Array<{ message: string } | string> }>('POST', `/bots/${botId}/flow/import`, file),
  publish: (botId: string) => api<PublishResult>('POST', `/bots/${botId}/publish`),
  versions: (botId: string) => api<VersionSummary[]>('GET', `/bots/${botId}/versions`),
  version: (botId: string, version: number) => api<VersionDetail>('GET', `/bots/${botId}/versions/${version}`),
  rollback: (botId: string, version: number) => api<VersionSummary>('POST', `/bots/${botId}/versions/${version}/rollback`),
};

/** The flows of a bot: the main one and the others that triggers and "Go to flow" steps reach. */
export const flowsApi = {
  list: (botId: string) => api<FlowSummary[]>('GET', `/bots/${botId}/flows`),
  draft: (botId: string, flowId: string) => api<DraftView>('GET', `/bots/${botId}/flows/${flowId}`),
  create: (botId: string, name: string) => api<FlowSummary>('POST', `/bots/${botId}/flows`, { name }),
  rename: (botId: string, flowId: string, name: string) => api<FlowSummary>('PATCH', `/bots/${botId}/flows/${flowId}`, { name }),
  duplicate: (botId: string, flowId: string) => api<FlowSummary>('POST', `/bots/${botId}/flows/${flowId}/duplicate`),
  remove: (botId: string, flowId: string) => api<void>('DELETE', `/bots/${botId}/flows/${flowId}`),
};

export const resourcesApi = {
  list: (botId: string) => api<Resource[]>('GET', `/bots/${botId}/resources`),
  create: (botId: string, input: ResourceInput) => api<Resource>('POST', `/bots/${botId}/resources`, input),
  update: (botId: string, id: string, input: ResourceInput) => api<Resource>('PUT', `/bots/${botId}/resources/${id}`, input),
  remove: (botId: string, id: string) => api<void>('DELETE', `/bots/${botId}/resources/${id}`),
};

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  return q.size > 0 ? `?${q}` : '';
};

export const appointmentsApi = {
  list: (botId: string, filter: { resourceId?: string; from?: string; to?: string; status?: 'confirmed' | 'cancelled' }) =>
    api<BookedAppointment[]>('GET', `/bots/${botId}/appointments${query(filter)}`),
  freeSlots: (botId: string, resourceId: string, span: { from: string; to: string }) =>
    api<FreeSlot[]>('GET', `/bots/${botId}/resources/${resourceId}/slots${query(span)}`),
  book: (botId: string, input: NewAppointment) => api<BookedAppointment>('POST', `/bots/${botId}/appointments`, input),
  move: (botId: string, id: string, start: string) => api<BookedAppointment>('PATCH', `/bots/${botId}/appointments/${id}`, { start }),
  cancel: (botId: string, id: string) => api<BookedAppointment>('PATCH', `/bots/${botId}/appointments/${id}`, { status: 'cancelled' }),
};

export const channelsApi = {
  get: (botId: string) => api<BotChannels>('GET', `/bots/${botId}/channels`),
  saveTwilio: (botId: string, input: TwilioChannelInput) => api<BotChannels>('PUT', `/bots/${botId}/channels/twilio`, input),
  removeTwilio: (botId: string) => api<void>('DELETE', `/bots/${botId}/channels/twilio`),
  saveWhatsApp: (botId: string, input: WhatsAppChannelInput) => api<BotChannels>('PUT', `/bots/${botId}/channels/whatsapp`, input),
  removeWhatsApp: (botId: string) => api<void>('DELETE', `/bots/${botId}/channels/whatsapp`),
  saveMessenger: (botId: string, input: MessengerChannelInput) => api<BotChannels>('PUT', `/bots/${botId}/channels/messenger`, input),
  removeMessenger: (botId: string) => api<void>('DELETE', `/bots/${botId}/channels/messenger`),
  saveWebChat: (botId: string, input: WebChatInput) => api<BotChannels>('PUT', `/bots/${botId}/channels/webchat`, input),
};

export const simulatorApi = {
  send: (botId: string, input: { contact: string; text: string; restart?: boolean; version?: 'draft' | 'published' }) =>
    api<SimulatorAnswer>('POST', `/bots/${botId}/simulator/messages`, input),
  conversation: (id: string) => api<ConversationView>('GET', `/conversations/${id}`),
  messages: (id: string) => api<MessageView[]>('GET', `/conversations/${id}/messages`),
  /** Every message of a simulator contact, across its conversations (404 before its first message). */
  contactMessages: (botId: string, contact: string) => api<MessageView[]>('GET', `/bots/${botId}/conversations/${encodeURIComponent(contact)}/messages`),
  notices: (id: string) => api<ConversationNotice[]>('GET', `/conversations/${id}/notices`),
};

export const conversationsApi = {
  list: (botId: string, filter: { status?: string; channel?: string; q?: string } = {}) => {
    const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => !!v) as Array<[string, string]>);
    const qs = params.toString();
    return api<ConversationSummary[]>('GET', `/bots/${botId}/conversations${qs ? `?${qs}` : ''}`);
  },
  get: (id: string) => api<ConversationSummary>('GET', `/conversations/${id}`),
  messages: (id: string) => api<TranscriptMessage[]>('GET', `/conversations/${id}/messages`),
  journal: (id: string) => api<JournalEntry[]>('GET', `/conversations/${id}/journal`),
  notices: (id: string) => api<ConversationNotice[]>('GET', `/conversations/${id}/notices`),
  takeover: (id: string) => api<ConversationSummary>('POST', `/conversations/${id}/takeover`),
  reply: (id: string, text: string) => api<TranscriptMessage>('POST', `/conversations/${id}/messages`, { text }),
  handback: (id: string, nodeId: string) => api<ConversationSummary>('POST', `/conversations/${id}/handback`, { nodeId }),
};

export const analyticsApi = {
  nodeCounts: (botId: string, source?: 'draft' | 'published') =>
    api<{ counts: Record<string, number> }>('GET', `/bots/${botId}/node-counts${source ? `?source=${source}` : ''}`),
  summary: (botId: string, version?: number) =>
    api<BotAnalytics>('GET', `/bots/${botId}/analytics${version ? `?version=${version}` : ''}`),
  messages: (botId: string, days = 14) => api<{ volumes: MessageVolume[] }>('GET', `/bots/${botId}/analytics/messages?days=${days}`),
};

export const contactsApi = {
  list: (botId: string, filter: { q?: string; channel?: string; optedOut?: string; tag?: string; registered?: string } = {}) => {
    const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => !!v) as Array<[string, string]>);
    const qs = params.toString();
    return api<Contact[]>('GET', `/bots/${botId}/contacts${qs ? `?${qs}` : ''}`);
  },
  get: (id: string) => api<ContactDetail>('GET', `/contacts/${id}`),
  create: (botId: string, contact: NewContact) => api<Contact>('POST', `/bots/${botId}/contacts`, contact),
  update: (id: string, patch: ContactPatch) => api<Contact>('PATCH', `/contacts/${id}`, patch),
  tags: (botId: string) => api<Array<{ tag: string; count: number }>>('GET', `/bots/${botId}/contacts/tags`),
  /** Imports a CSV file; `dryRun` checks it and previews each line without writing. */
  importCsv: (botId: string, csv: string, opts: { dryRun: boolean; country?: string }) =>
    api<ImportSummary>('POST', `/bots/${botId}/contacts/import${query({ dryRun: String(opts.dryRun), country: opts.country })}`, csv, { contentType: 'text/csv' }),
  csvUrl: (botId: string, filter: { tag?: string } = {}) => `/api/bots/${botId}/contacts.csv${filter.tag ? `?tag=${encodeURIComponent(filter.tag)}` : ''}`,
};

export const teamApi = {
  users: () => api<TeamUser[]>('GET', '/users'),
  addUser: (input: { email: string; password: string; role: string; name?: string }) => api<TeamUser>('POST', '/users', input),
  auditLog: () => api<AuditEntry[]>('GET', '/audit-log'),
};

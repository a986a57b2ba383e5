// Every setting, read once from the environment. .env.example documents each one.
import { parseAllowHosts } from '../adapters/safe-http/safe-http';

export interface Config {
  port: number;
  host: string;
  mongoUri: string | undefined;
  dataDir: string;
  publicUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** 32-byte key (hex or base64) for secrets at rest; generated into DATA_DIR when unset. */
  secretKey: string | undefined;
  webhookAllowHosts: string[];
  twilioApiBaseUrl: string | undefined;
  whatsappApiBaseUrl: string | undefined;
  /** Where Messenger's Send API calls go (MESSENGER_API_BASE_URL, e.g. https://graph.facebook.com/v21.0). */
  messengerApiBaseUrl: string | undefined;
  schedulerPollMs: number;
  sessionDays: number;
  loginAttemptsPer15Min: number;
  /** Express 'trust proxy': which proxies may tell the client address (TRUST_PROXY). */
  trustProxy: string;
  logLevel: string;
  studioDir: string | undefined;
  /** Redis for Socket.IO across several server processes (REDIS_URL); one process needs none. */
  redisUrl: string | undefined;
  /** How long a web chat guest's token lasts, in hours (CHAT_SESSION_HOURS). */
  chatSessionHours: number;
  /** New web chat sessions one address may open per 10 minutes (CHAT_SESSIONS_PER_10_MIN). */
  chatSessionsPer10Min: number;
  /** Messages one web chat session may send per minute (CHAT_MESSAGES_PER_MIN). */
  chatMessagesPerMin: number;
  /** Messages one address may send per minute, across its sessions (CHAT_MESSAGES_PER_MIN_PER_ADDRESS). */
  chatMessagesPerMinPerAddress: number;
  /** The built chat widget (WIDGET_FILE; default studio/widget/dist/widget.js). */
  widgetFile: string | undefined;
  /** Emit the MongoDB driver's command events (MONGODB_MONITOR_COMMANDS=true), to count round trips. */
  mongoMonitorCommands: boolean;
  /** OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL: with no key the AI nodes run on the local model. */
  openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string | undefined };
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) ? n : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 3000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    mongoUri: env.MONGODB_URI || undefined,
    dataDir: env.DATA_DIR || './data',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    adminEmail: env.BOTLOOM_ADMIN_EMAIL || undefined,
    adminPassword: env.BOTLOOM_ADMIN_PASSWORD || undefined,
    secretKey: env.BOTLOOM_SECRET_KEY || undefined,
    webhookAllowHosts: parseAllowHosts(env.WEBHOOK_ALLOW_HOSTS),
    twilioApiBaseUrl: env.TWILIO_API_BASE_URL || undefined,
    whatsappApiBaseUrl: env.WHATSAPP_API_BASE_URL || undefined,
    messengerApiBaseUrl: env.MESSENGER_API_BASE_URL || undefined,
    schedulerPollMs: int(env.SCHEDULER_POLL_MS, 2000),
    sessionDays: int(env.SESSION_DAYS, 7),
    loginAttemptsPer15Min: int(env.LOGIN_ATTEMPTS_PER_15_MIN, 10),
    trustProxy: env.TRUST_PROXY || 'loopback',
    logLevel: env.LOG_LEVEL || 'info',
    studioDir: env.STUDIO_DIR || undefined,
    redisUrl: env.REDIS_URL || undefined,
    mongoMonitorCommands: env.MONGODB_MONITOR_COMMANDS === 'true',
    openai: { apiKey: env.OPENAI_API_KEY || undefined, baseUrl: env.OPENAI_BASE_URL || undefined, model: env.OPENAI_MODEL || undefined },
    chatSessionHours: int(env.CHAT_SESSION_HOURS, 24),
    chatSessionsPer10Min: int(env.CHAT_SESSIONS_PER_10_MIN, 20),
    chatMessagesPerMin: int(env.CHAT_MESSAGES_PER_MIN, 30),
    chatMessagesPerMinPerAddress: int(env.CHAT_MESSAGES_PER_MIN_PER_ADDRESS, 120),
    widgetFile: env.WIDGET_FILE || undefined,
  };
}

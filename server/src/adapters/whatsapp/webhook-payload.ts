// Meta's webhook for the Cloud API: the signature over the raw body, and the payload's messages
// and delivery statuses (entry[].changes[].value.{messages,statuses,contacts}).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`, compared in constant time. */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}

/** Compares two secrets in constant time, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface WhatsAppInbound {
  /** The wamid. */
  id: string;
  /** The sender's WhatsApp id (digits). */
  from: string;
  /** The business number it was sent to, when the payload says. */
  phoneNumberId?: string;
  profileName?: string;
  text: string;
  /** `whatsapp-media:<media id>` for images, documents, audio, video and stickers. */
  mediaUrl?: string;
}

export interface WhatsAppStatus {
  id: string;
  status: string;
  phoneNumberId?: string;
  errorCode?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'];

/** A tapped choice: its id when that is a choice number (how Botloom numbers them), else its title. */
function choiceText(id: string | undefined, title: string | undefined): string {
  return id !== undefined && /^\d{1,2}$/.test(id) ? id : (title ?? id ?? '');
}

function contentOf(message: Obj): { text: string; mediaUrl?: string } | null {
  const type = str(message.type);
  if (type === 'text') return { text: str(obj(message.text).body) ?? '' };
  if (type === 'interactive') {
    const interactive = obj(message.interactive);
    const reply = obj(interactive.button_reply ?? interactive.list_reply);
    return { text: choiceText(str(reply.id), str(reply.title)) };
  }
  if (type === 'button') {
    const button = obj(message.button);
    return { text: choiceText(str(button.payload), str(button.text)) };
  }
  if (type && MEDIA_TYPES.includes(type)) {
    const media = obj(message[type]);
    const id = str(media.id);
    return { text: str(media.caption) ?? '', ...(id ? { mediaUrl: `whatsapp-media:${id}` } : {}) };
  }
  return null; // reactions, locations, unsupported types: nothing a flow can answer
}

export function parseWebhookPayload(payload: unknown): { messages: WhatsAppInbound[]; statuses: WhatsAppStatus[] } {
  const messages: WhatsAppInbound[] = [];
  const statuses: WhatsAppStatus[] = [];
  for (const entry of list(obj(payload).entry)) {
    for (const change of list(obj(entry).changes)) {
      const value = obj(obj(change).value);
      const phoneNumberId = str(obj(value.metadata).phone_number_id);
      const names = new Map(list(value.contacts).map((c) => [str(obj(c).wa_id), str(obj(obj(c).profile).name)] as const));
      for (const item of list(value.messages)) {
        const message = obj(item);
        const id = str(message.id);
        const from = str(message.from);
        const content = contentOf(message);
        if (!id || !from || !content) continue;
        const profileName = names.get(from);
        messages.push({ id, from, ...(phoneNumberId ? { phoneNumberId } : {}), ...(profileName ? { profileName } : {}), ...content });
      }
      for (const item of list(value.statuses)) {
        const status = obj(item);
        const id = str(status.id);
        const name = str(status.status);
        if (!id || !name) continue;
        const errorCode = str(obj(list(status.errors)[0]).code);
        statuses.push({ id, status: name, ...(phoneNumberId ? { phoneNumberId } : {}), ...(errorCode ? { errorCode } : {}) });
      }
    }
  }
  return { messages, statuses };
}

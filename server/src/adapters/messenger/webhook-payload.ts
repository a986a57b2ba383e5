// Meta's webhook for a Facebook page (object "page"): entry[].messaging[] events. Messages and
// postbacks (a tapped button, "Get started") are what a contact says; deliveries and reads move the
// page's own messages on. Echoes (the page's own messages, sent back when subscribed) are dropped.
export interface MessengerInbound {
  /** The message id (mid): Meta retries a delivery with the same one. */
  id: string;
  /** The contact's page-scoped id (PSID). */
  psid: string;
  /** The page it was sent to (entry.id). */
  pageId?: string;
  text: string;
  mediaUrl?: string;
}

export interface MessengerReceipt {
  psid: string;
  pageId?: string;
  kind: 'delivered' | 'read';
  /** Delivered: the mids Meta lists (may be absent); everything sent up to the watermark. */
  mids: string[];
  watermark?: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A tapped quick reply or button: its payload when that is a choice number (how Botloom numbers them), else its title. */
function choiceText(payload: string | undefined, title: string | undefined): string {
  return payload !== undefined && /^\d{1,2}$/.test(payload) ? payload : (title ?? payload ?? '');
}

function contentOf(event: Obj): { id: string; text: string; mediaUrl?: string } | null {
  const message = obj(event.message);
  if (event.message !== undefined) {
    const id = str(message.mid);
    if (!id || message.is_echo === true) return null;
    const quick = obj(message.quick_reply);
    const text = str(message.text) ?? '';
    if (quick.payload !== undefined) return { id, text: choiceText(str(quick.payload), text) };
    const attachment = obj(list(message.attachments)[0]);
    const url = str(obj(attachment.payload).url);
    if (url) return { id, text, mediaUrl: url };
    return text === '' ? null : { id, text };
  }
  if (event.postback !== undefined) {
    const postback = obj(event.postback);
    const sender = str(obj(event.sender).id) ?? '';
    // newer API versions give postbacks a mid; older ones are identified by sender and time
    const id = str(postback.mid) ?? `postback:${sender}:${str(event.timestamp) ?? ''}`;
    return { id, text: choiceText(str(postback.payload), str(postback.title)) };
  }
  return null;
}

export function parseMessengerPayload(payload: unknown): { messages: MessengerInbound[]; receipts: MessengerReceipt[] } {
  const messages: MessengerInbound[] = [];
  const receipts: MessengerReceipt[] = [];
  if (obj(payload).object !== 'page') return { messages, receipts };
  for (const entry of list(obj(payload).entry)) {
    const pageId = str(obj(entry).id);
    const at = pageId ? { pageId } : {};
    for (const item of list(obj(entry).messaging)) {
      const event = obj(item);
      const psid = str(obj(event.sender).id);
      if (!psid) continue;
      if (event.delivery !== undefined) {
        const delivery = obj(event.delivery);
        receipts.push({ psid, ...at, kind: 'delivered', mids: list(delivery.mids).map(str).filter((m): m is string => Boolean(m)), watermark: num(delivery.watermark) });
        continue;
      }
      if (event.read !== undefined) {
        receipts.push({ psid, ...at, kind: 'read', mids: [], watermark: num(obj(event.read).watermark) });
        continue;
      }
      const content = contentOf(event);
      if (content) messages.push({ psid, ...at, ...content });
    }
  }
  return { messages, receipts };
}

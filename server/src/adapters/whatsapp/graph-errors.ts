// Sorts a failed Graph API call into "try again later" and "this message will never go".
import { PermanentChannelError, TransientChannelError } from '../../ports/channel';

/**
 * Meta error codes worth retrying: throttling (4 app-level, 80007 account-level, 130429 throughput,
 * 131048 spam rate limit, 131056 too many messages to one contact) and 131016 service unavailable.
 * Anything else with a code (131047 outside the 24-hour window, 131026 undeliverable, 100 invalid
 * parameter, 190 expired token...) fails the message for good, keeping the code.
 */
export const TRANSIENT_META_CODES = new Set(['4', '80007', '130429', '131048', '131056', '131016']);

interface GraphErrorBody {
  error?: { message?: unknown; code?: unknown; error_subcode?: unknown; error_data?: { details?: unknown } };
}

/** Which API answered (for the message) and which of its codes are worth retrying. */
export interface GraphApiKind {
  label: string;
  transientCodes: ReadonlySet<string>;
  /** Subcodes that name the failure better than the code (kept as the message's error code). */
  telling?: ReadonlySet<string>;
}

export const WHATSAPP_GRAPH: GraphApiKind = { label: 'WhatsApp Cloud API', transientCodes: TRANSIENT_META_CODES };

export function classifyGraphError(httpStatus: number, body: unknown, api: GraphApiKind = WHATSAPP_GRAPH): Error {
  const error = (body as GraphErrorBody | null)?.error;
  const subcode = error?.error_subcode === undefined || error.error_subcode === null ? undefined : String(error.error_subcode);
  const plainCode = error?.code === undefined || error.code === null ? undefined : String(error.code);
  const code = subcode && api.telling?.has(subcode) ? subcode : plainCode;
  const detail = typeof error?.error_data?.details === 'string' ? `: ${error.error_data.details}` : '';
  const message = `${api.label} answered ${httpStatus}${typeof error?.message === 'string' ? ` (${error.message}${detail})` : ''}`;
  if (plainCode && api.transientCodes.has(plainCode)) return new TransientChannelError(message, code);
  if (httpStatus === 429 || httpStatus >= 500) return new TransientChannelError(message, code ?? String(httpStatus));
  return new PermanentChannelError(message, code ?? String(httpStatus));
}

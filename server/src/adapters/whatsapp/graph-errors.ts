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

export function classifyGraphError(httpStatus: number, body: unknown): Error {
  const error = (body as GraphErrorBody | null)?.error;
  const code = error?.code === undefined || error.code === null ? undefined : String(error.code);
  const detail = typeof error?.error_data?.details === 'string' ? `: ${error.error_data.details}` : '';
  const message = `WhatsApp Cloud API answered ${httpStatus}${typeof error?.message === 'string' ? ` (${error.message}${detail})` : ''}`;
  if (code && TRANSIENT_META_CODES.has(code)) return new TransientChannelError(message, code);
  if (httpStatus === 429 || httpStatus >= 500) return new TransientChannelError(message, code ?? String(httpStatus));
  return new PermanentChannelError(message, code ?? String(httpStatus));
}

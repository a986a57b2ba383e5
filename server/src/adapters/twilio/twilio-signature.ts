// Twilio's request signature: HMAC-SHA1 with the account's auth token over the full URL Twilio
// called plus the POST parameters sorted by name, base64. The webhooks check every request with
// isValidTwilioSignature (Twilio's own SDK implementation, which compares in constant time and
// also accepts the URL with or without a default port, as Twilio may sign either).
import twilio from 'twilio';

export type TwilioParams = Record<string, string | string[]>;

export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params as Record<string, string>);
}

export function isValidTwilioSignature(authToken: string, signature: string, url: string, params: TwilioParams): boolean {
  return twilio.validateRequest(authToken, signature, url, params as Record<string, string>);
}

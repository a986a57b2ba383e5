// The Cloud API's pure parts: the choice layout, the Graph request body, error classes, the
// webhook payload and its signature.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PermanentChannelError, TransientChannelError } from '../../ports/channel';
import { classifyGraphError } from './graph-errors';
import { graphMessage, promptOf } from './graph-message';
import { parseWebhookPayload, sameSecret, verifyMetaSignature } from './webhook-payload';

const numbered = (choices: string[]) => choices.map((c, i) => `${i + 1}. ${c}`).join('\n');

describe('promptOf', () => {
  it('takes the numbered options off a stored text, and leaves any other text alone', () => {
    expect(promptOf(`Q?\n${numbered(['A', 'B'])}`, ['A', 'B'])).toBe('Q?');
    expect(promptOf(numbered(['A', 'B']), ['A', 'B'])).toBe('');
    expect(promptOf('Q? (A or B)', ['A', 'B'])).toBe('Q? (A or B)');
    expect(promptOf('Q?', [])).toBe('Q?');
  });
});

describe('graphMessage', () => {
  const base = { messageId: 'm1', botId: 'b1', to: '+44 7700 900123' };

  it('sends text to the wa_id (digits only)', () => {
    expect(graphMessage({ ...base, text: 'Hello' })).toEqual({
      messaging_product: 'whatsapp',
      to: '447700900123',
      type: 'text',
      text: { body: 'Hello' },
    });
  });

  it('sends an image or a document by link, with the text as caption', () => {
    expect(graphMessage({ ...base, text: 'Menu', mediaUrl: 'https://cdn.test/menu.JPG?v=2' })).toEqual({
      messaging_product: 'whatsapp',
      to: '447700900123',
      type: 'image',
      image: { link: 'https://cdn.test/menu.JPG?v=2', caption: 'Menu' },
    });
    expect(graphMessage({ ...base, text: '', mediaUrl: 'https://cdn.test/terms.pdf' })).toEqual({
      messaging_product: 'whatsapp',
      to: '447700900123',
      type: 'document',
      document: { link: 'https://cdn.test/terms.pdf' },
    });
  });

  it('sends an approved template with its variables as body parameters', () => {
    const template = { name: 'appointment_reminder', language: 'en_GB', variables: ['Ada', '10:30'] };
    expect(graphMessage({ ...base, text: 'fallback', template })).toEqual({
      messaging_product: 'whatsapp',
      to: '447700900123',
      type: 'template',
      template: {
        name: 'appointment_reminder',
        language: { code: 'en_GB' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ada' },
              { type: 'text', text: '10:30' },
            ],
          },
        ],
      },
    });
    expect(graphMessage({ ...base, text: '', template: { ...template, variables: [] } }).template).toEqual({
      name: 'appointment_reminder',
      language: { code: 'en_GB' },
    });
  });

  it('lays choices out as buttons, a list, or the stored numbered text', () => {
    const ask = (choices: string[]) => graphMessage({ ...base, text: `Pick one\n${numbered(choices)}`, choices });
    expect(ask(['Yes', 'No'])).toMatchObject({ type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' } } });
    expect(ask(['Yes', 'A title of 21 chars!!'])).toMatchObject({
      type: 'interactive',
      interactive: { type: 'list', action: { button: 'Choose' } },
    });
    const long = ['Yes', 'A row title of 25 chars!!'];
    expect(ask(long)).toEqual({
      messaging_product: 'whatsapp',
      to: '447700900123',
      type: 'text',
      text: { body: `Pick one\n${numbered(long)}` },
    });
    const eleven = Array.from({ length: 11 }, (_, i) => `O${i + 1}`);
    expect(ask(eleven)).toMatchObject({ type: 'text', text: { body: `Pick one\n${numbered(eleven)}` } });
  });

  it('shows choices as buttons with the prompt as body', () => {
    expect(graphMessage({ ...base, text: `Table for?\n${numbered(['One', 'Two'])}`, choices: ['One', 'Two'] })).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Table for?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: '1', title: 'One' } },
            { type: 'reply', reply: { id: '2', title: 'Two' } },
          ],
        },
      },
    });
  });
});

describe('classifyGraphError', () => {
  const meta = (code: number, message = 'x') => ({ error: { message, type: 'OAuthException', code, fbtrace_id: 'A' } });

  it('retries network-ish failures: 429, 5xx and the rate-limit codes', () => {
    for (const [status, body, code] of [
      [429, null, '429'],
      [500, null, '500'],
      [503, meta(2), '2'],
      [400, meta(130429), '130429'],
      [400, meta(131048), '131048'],
      [400, meta(131056), '131056'],
    ] as const) {
      const err = classifyGraphError(status, body);
      expect(err, `${status} ${code}`).toBeInstanceOf(TransientChannelError);
      expect((err as TransientChannelError).code).toBe(code);
    }
  });

  it('fails for good on anything else, keeping Meta code', () => {
    for (const [status, body, code] of [
      [400, meta(131047, 'Re-engagement message'), '131047'],
      [400, meta(131026), '131026'],
      [401, meta(190, 'Invalid OAuth access token'), '190'],
      [404, null, '404'],
    ] as const) {
      const err = classifyGraphError(status, body);
      expect(err, code).toBeInstanceOf(PermanentChannelError);
      expect((err as PermanentChannelError).code).toBe(code);
    }
    expect(classifyGraphError(400, meta(131047, 'Re-engagement message')).message).toContain('Re-engagement message');
  });
});

describe("Meta's webhook", () => {
  const secret = 'app-secret-0123456789';
  const raw = Buffer.from('{"object":"whatsapp_business_account"}');
  const signature = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

  it('checks X-Hub-Signature-256 over the raw bytes', () => {
    expect(verifyMetaSignature(raw, signature, secret)).toBe(true);
    expect(verifyMetaSignature(raw, signature.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(true);
    expect(verifyMetaSignature(Buffer.from(`${raw.toString()} `), signature, secret)).toBe(false);
    expect(verifyMetaSignature(raw, signature, `${secret}x`)).toBe(false);
    expect(verifyMetaSignature(raw, undefined, secret)).toBe(false);
    expect(verifyMetaSignature(raw, signature.slice(0, -2), secret)).toBe(false);
    expect(verifyMetaSignature(raw, signature.replace('sha256=', 'sha1='), secret)).toBe(false);
  });

  it('compares verify tokens whatever their lengths', () => {
    expect(sameSecret('token-1234', 'token-1234')).toBe(true);
    expect(sameSecret('token-123', 'token-1234')).toBe(false);
    expect(sameSecret('', 'token-1234')).toBe(false);
  });

  it('reads messages of each kind and statuses from every entry and change', () => {
    const value = (v: Record<string, unknown>) => ({ field: 'messages', value: { metadata: { phone_number_id: '123' }, ...v } });
    const payload = {
      entry: [
        {
          changes: [
            value({
              contacts: [{ wa_id: '4477', profile: { name: 'Ada' } }],
              messages: [
                { from: '4477', id: 'w1', type: 'text', text: { body: 'hi' } },
                {
                  from: '4477',
                  id: 'w2',
                  type: 'interactive',
                  interactive: { type: 'list_reply', list_reply: { id: 'vip', title: 'VIP table' } },
                },
                { from: '4477', id: 'w3', type: 'document', document: { id: 'media9', filename: 'a.pdf' } },
                { from: '4477', id: 'w4', type: 'reaction', reaction: { emoji: '👍' } },
                { from: '4477', type: 'text', text: { body: 'no id' } },
              ],
            }),
          ],
        },
        {
          changes: [
            value({
              statuses: [{ id: 'o1', status: 'failed', errors: [{ code: 131047 }] }, { id: 'o2', status: 'read' }, { status: 'sent' }],
            }),
          ],
        },
        'garbage',
      ],
    };
    expect(parseWebhookPayload(payload)).toEqual({
      messages: [
        { id: 'w1', from: '4477', phoneNumberId: '123', profileName: 'Ada', text: 'hi' },
        { id: 'w2', from: '4477', phoneNumberId: '123', profileName: 'Ada', text: 'VIP table' },
        { id: 'w3', from: '4477', phoneNumberId: '123', profileName: 'Ada', text: '', mediaUrl: 'whatsapp-media:media9' },
      ],
      statuses: [
        { id: 'o1', status: 'failed', phoneNumberId: '123', errorCode: '131047' },
        { id: 'o2', status: 'read', phoneNumberId: '123' },
      ],
    });
    expect(parseWebhookPayload(null)).toEqual({ messages: [], statuses: [] });
    expect(parseWebhookPayload({ entry: 'x' })).toEqual({ messages: [], statuses: [] });
  });
});

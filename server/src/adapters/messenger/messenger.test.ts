import { describe, expect, it } from 'vitest';
import { outboundParts } from '../../runtime/outbound-parts';
import { sendApiMessage } from './send-api-message';
import { parseMessengerPayload } from './webhook-payload';

const base = { messageId: 'm1', botId: 'b1', to: '24680' };
const options = (count: number) => Array.from({ length: count }, (_, i) => `Option ${i + 1}`);

describe('sendApiMessage', () => {
  it('a plain text answers the contact inside the standard messaging window', () => {
    expect(sendApiMessage({ ...base, text: 'Hello!' })).toEqual({ recipient: { id: '24680' }, messaging_type: 'RESPONSE', message: { text: 'Hello!' } });
  });

  it('up to 13 choices of up to 20 characters become quick replies numbered from 1, under the prompt alone', () => {
    const [part] = outboundParts('messenger', { text: 'Which colour?', choices: ['Red', 'Green'] });
    expect(sendApiMessage({ ...base, ...part! })).toEqual({
      recipient: { id: '24680' },
      messaging_type: 'RESPONSE',
      message: {
        text: 'Which colour?',
        quick_replies: [
          { content_type: 'text', title: 'Red', payload: '1' },
          { content_type: 'text', title: 'Green', payload: '2' },
        ],
      },
    });
    const [thirteen] = outboundParts('messenger', { text: 'Pick', choices: options(13) });
    expect((sendApiMessage({ ...base, ...thirteen! }).message.quick_replies as unknown[]).length).toBe(13);
  });

  it('14 choices, or a title over 20 characters, go as the numbered text', () => {
    const [many] = outboundParts('messenger', { text: 'Pick', choices: options(14) });
    expect(sendApiMessage({ ...base, ...many! }).message).toEqual({ text: `Pick\n${options(14).map((o, i) => `${i + 1}. ${o}`).join('\n')}` });
    const [long] = outboundParts('messenger', { text: 'When?', choices: ['Tuesday afternoon pls', 'No'] });
    expect(sendApiMessage({ ...base, ...long! }).message).toEqual({ text: 'When?\n1. Tuesday afternoon pls\n2. No' });
  });

  it('a picture goes as an attachment of its own, before the text', () => {
    const parts = outboundParts('messenger', { text: 'Your ticket', mediaUrl: 'https://x.test/t.png' });
    expect(parts).toEqual([{ text: '', mediaUrl: 'https://x.test/t.png' }, { text: 'Your ticket' }]);
    expect(sendApiMessage({ ...base, ...parts[0]! }).message).toEqual({ attachment: { type: 'image', payload: { url: 'https://x.test/t.png', is_reusable: true } } });
    expect(sendApiMessage({ ...base, text: '', mediaUrl: 'https://x.test/menu.pdf' }).message).toMatchObject({ attachment: { type: 'file' } });
  });

  it('a text over 2000 characters is split, quick replies on the last part', () => {
    const parts = outboundParts('messenger', { text: 'word '.repeat(450), choices: ['Yes', 'No'] });
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.text.length <= 2000)).toBe(true);
    expect(parts[0]!.choices).toBeUndefined();
    expect(parts[1]!.choices).toEqual(['Yes', 'No']);
  });
});

describe('parseMessengerPayload', () => {
  const page = (messaging: unknown[]) => ({ object: 'page', entry: [{ id: '1122', time: 1, messaging }] });
  const from = { sender: { id: '24680' }, recipient: { id: '1122' }, timestamp: 1_750_000_000_000 };

  it('reads texts, tapped quick replies (by their number), attachments and postbacks', () => {
    const { messages } = parseMessengerPayload(
      page([
        { ...from, message: { mid: 'm.1', text: 'hi' } },
        { ...from, message: { mid: 'm.2', text: 'Green', quick_reply: { payload: '2' } } },
        { ...from, message: { mid: 'm.3', text: 'Green', quick_reply: { payload: 'GREEN_PICKED' } } },
        { ...from, message: { mid: 'm.4', attachments: [{ type: 'image', payload: { url: 'https://cdn.test/p.jpg' } }] } },
        { ...from, postback: { mid: 'm.5', title: 'Get Started', payload: 'GET_STARTED' } },
      ]),
    );
    expect(messages).toEqual([
      { id: 'm.1', psid: '24680', pageId: '1122', text: 'hi' },
      { id: 'm.2', psid: '24680', pageId: '1122', text: '2' },
      { id: 'm.3', psid: '24680', pageId: '1122', text: 'Green' },
      { id: 'm.4', psid: '24680', pageId: '1122', text: '', mediaUrl: 'https://cdn.test/p.jpg' },
      { id: 'm.5', psid: '24680', pageId: '1122', text: 'Get Started' },
    ]);
  });

  it("drops the page's own echoes and anything that is not a page's webhook", () => {
    expect(parseMessengerPayload(page([{ ...from, message: { mid: 'm.9', text: 'sent by the page', is_echo: true } }])).messages).toEqual([]);
    expect(parseMessengerPayload({ object: 'whatsapp_business_account', entry: [] })).toEqual({ messages: [], receipts: [] });
    expect(parseMessengerPayload(null)).toEqual({ messages: [], receipts: [] });
  });

  it('reads deliveries (with their mids) and reads (by watermark)', () => {
    const { receipts } = parseMessengerPayload(
      page([
        { ...from, delivery: { mids: ['m_OUT1', 'm_OUT2'], watermark: 1_750_000_000_500 } },
        { ...from, read: { watermark: 1_750_000_001_000 } },
      ]),
    );
    expect(receipts).toEqual([
      { psid: '24680', pageId: '1122', kind: 'delivered', mids: ['m_OUT1', 'm_OUT2'], watermark: 1_750_000_000_500 },
      { psid: '24680', pageId: '1122', kind: 'read', mids: [], watermark: 1_750_000_001_000 },
    ]);
  });
});

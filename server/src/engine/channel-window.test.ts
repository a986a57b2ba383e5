import { describe, expect, it } from 'vitest';
import { channelContext, whatsappWindowOpen } from './channel-window';

const now = new Date('2026-03-02T09:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('whatsappWindowOpen', () => {
  it('is open for less than 24 hours after the contact last wrote', () => {
    expect(whatsappWindowOpen(ago(0), now)).toBe(true);
    expect(whatsappWindowOpen(ago(DAY - MINUTE), now)).toBe(true); // 23h59
    expect(whatsappWindowOpen(ago(DAY - 1), now)).toBe(true);
    expect(whatsappWindowOpen(ago(DAY), now)).toBe(false);
    expect(whatsappWindowOpen(ago(DAY + MINUTE), now)).toBe(false); // 24h01
  });

  it('is closed when the contact never wrote', () => {
    expect(whatsappWindowOpen(undefined, now)).toBe(false);
    expect(whatsappWindowOpen(null, now)).toBe(false);
    expect(whatsappWindowOpen('not a date', now)).toBe(false);
  });

  it('takes ISO strings too', () => {
    expect(whatsappWindowOpen(ago(DAY - MINUTE).toISOString(), now)).toBe(true);
  });
});

describe('channelContext', () => {
  it('only WhatsApp has a window', () => {
    expect(channelContext('whatsapp', ago(DAY + MINUTE), now)).toEqual({ name: 'whatsapp', windowOpen: false });
    expect(channelContext('sms', undefined, now)).toEqual({ name: 'sms', windowOpen: true });
    expect(channelContext('simulator', ago(30 * DAY), now)).toEqual({ name: 'simulator', windowOpen: true });
  });
});

import { describe, expect, it } from 'vitest';
import { channelsShown, contactChanges, messageLocale } from './notificationSettings';

describe('messageLocale', () => {
  it('is Chinese unless the account chose English', () => {
    expect(messageLocale('en')).toBe('en');
    expect(messageLocale('zh')).toBe('zh');
    expect(messageLocale(null)).toBe('zh');
    expect(messageLocale(undefined)).toBe('zh');
    expect(messageLocale('fr')).toBe('zh');
  });
});

describe('channelsShown', () => {
  it('names mail only for an account with an address', () => {
    expect(channelsShown(['SMS', 'EMAIL', 'IN_APP'], false)).toEqual(['SMS', 'IN_APP']);
    expect(channelsShown(['SMS', 'EMAIL', 'IN_APP'], true)).toEqual(['SMS', 'EMAIL', 'IN_APP']);
    expect(channelsShown(['SMS'], false)).toEqual(['SMS']);
  });
});

describe('contactChanges', () => {
  it('asks for nothing when the address is blank and the language unchanged', () => {
    expect(contactChanges({ email: '  ', locale: 'zh' }, { locale: null })).toBeNull();
    expect(contactChanges({ email: '', locale: 'en' }, { locale: 'en' })).toBeNull();
  });

  it('sends a typed address, trimmed, and leaves the language out when it stays', () => {
    expect(contactChanges({ email: ' li.ming@example.com ', locale: 'zh' }, { locale: 'zh' })).toEqual({
      email: 'li.ming@example.com',
    });
  });

  it('sends a changed language alone, an unset one counting as Chinese', () => {
    expect(contactChanges({ email: '', locale: 'en' }, { locale: null })).toEqual({ locale: 'en' });
    expect(contactChanges({ email: '', locale: 'zh' }, { locale: 'en' })).toEqual({ locale: 'zh' });
  });

  it('sends a malformed address as typed, for the server to refuse naming the field', () => {
    expect(contactChanges({ email: 'not-an-address', locale: 'en' }, { locale: 'zh' })).toEqual({
      email: 'not-an-address',
      locale: 'en',
    });
  });
});

import type { Widen } from '../i18n/types';
import type { surgeBannerZh } from './surgeBannerMessages';

/** English of `surgeBannerMessages.ts`, loaded only when English is chosen. */
export const surgeBannerEn: Widen<typeof surgeBannerZh> = {
  title: 'More frequent visits',
  running: '{label}: {from} to {to}, {tiers}at least {count} contact(s) with each elder',
  upcoming: 'Starting soon · {label}: {from} to {to}, {tiers}at least {count} contact(s) with each elder',
  tiers: 'elders of {tiers}, ',
  region: 'Surge notice',
};

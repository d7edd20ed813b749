import type { Widen } from '../i18n/types';

/** The surge banner's text (加密探访提示), 中文 first; `en` has the same keys. */
export const surgeBannerZh = {
  title: '加密探访',
  running: '{label}：{from}至{to}，{tiers}每位老人至少联系 {count} 次',
  upcoming: '即将开始 · {label}：{from}至{to}，{tiers}每位老人至少联系 {count} 次',
  tiers: '{tiers}老人，',
  region: '加密探访提示',
};

export const surgeBannerEn: Widen<typeof surgeBannerZh> = {
  title: 'More frequent visits',
  running: '{label}: {from} to {to}, {tiers}at least {count} contact(s) with each elder',
  upcoming: 'Starting soon · {label}: {from} to {to}, {tiers}at least {count} contact(s) with each elder',
  tiers: 'elders of {tiers}, ',
  region: 'Surge notice',
};

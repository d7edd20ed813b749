import { registerPart } from '../i18n/parts';

/** The surge banner's text (加密探访提示), 中文 first; `surgeBannerMessages.en.ts` has the same keys. */
export const surgeBannerZh = {
  title: '加密探访',
  running: '{label}：{from}至{to}，{tiers}每位老人至少联系 {count} 次',
  upcoming: '即将开始 · {label}：{from}至{to}，{tiers}每位老人至少联系 {count} 次',
  tiers: '{tiers}老人，',
  region: '加密探访提示',
};

// Part of the dictionary from the moment a screen that shows it is loaded; the English
// arrives with the rest of English when chosen.
registerPart('surgeBanner', surgeBannerZh, () => import('./surgeBannerMessages.en').then((m) => m.surgeBannerEn));

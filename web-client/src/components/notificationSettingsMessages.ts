import { registerPart } from '../i18n/parts';

/** 通知设置 — the settings screen's text, 中文 first; `notificationSettingsMessages.en.ts` has the same keys. */
export const settingsZh = {
  title: '通知设置',
  menu: '账号菜单',
  menuFor: '{name}（{role}）',
  kindsTitle: '接收哪些通知',
  kindsIntro: '关闭的通知不再发给您：不发短信、不发邮件，站内也不显示。可以随时重新开启。',
  kindsList: '通知种类',
  on: '已开启',
  off: '已关闭',
  locked: '不可关闭',
  alwaysOn: '始终开启',
  lockedReason: '告警关系到老人的安全，必须及时送达。',
  channels: '接收方式：{list}',
  listSeparator: '、',
  channel: { SMS: '短信', EMAIL: '邮件', IN_APP: '站内通知' },
  noEmailNote: '填写邮箱后，也会通过邮件发送。',
  turnedOff: '已关闭“{kind}”',
  turnedOn: '已开启“{kind}”',
  saving: '正在保存…',
  noKinds: '您的角色没有可设置的通知',
  contactTitle: '邮箱和语言',
  currentEmail: '当前邮箱',
  noEmail: '未填写',
  newEmail: '新邮箱地址',
  replaceEmail: '更换邮箱',
  emailHint: '留空则不更改。',
  removeEmail: '删除邮箱',
  locale: '通知语言',
  localeHint: '短信和邮件使用的语言；本页面的语言请用右上角的切换按钮。',
  localeNames: { zh: '中文', en: 'English' },
  save: '保存',
  saved: '已保存',
  emailRemoved: '邮箱已删除，邮件通知不再发送',
  nothingChanged: '没有需要保存的更改',
} as const;

// Part of the dictionary from the moment a screen that shows it is loaded; the English
// arrives with the rest of English when chosen.
registerPart('settings', settingsZh, () => import('./notificationSettingsMessages.en').then((m) => m.settingsEn));

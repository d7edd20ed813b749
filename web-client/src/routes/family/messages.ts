import { registerPart } from '../../i18n/parts';

/** The family screens' text, 中文 first; `messages.en.ts` must have the same keys (checked by its type). */
export const familyZh = {
  home: '家属',
  title: '探访情况',
  elder: '您关注的老人',
  contactTitle: '结对联系人',
  contactHint: '有事请联系：',
  contactPaired: '专人结对',
  contactDefault: '本村(居)工作人员',
  call: '拨打电话',
  noPhone: '暂未登记电话，请联系村(居)委会',
  noContact: '本村(居)尚未指定联系人，请联系村(居)委会。',
  historyTitle: '探访记录',
  historyHint: '老人同意与家属共享的探访（只显示时间、方式和探访人，不显示记录内容）。',
  noVisits: '暂无探访记录',
  visitNo: '第 {n} 次探访',
  visitor: '探访人：{name}',
  notShared: '老人暂未同意与家属共享探访情况。如需了解，请联系村(居)委会。',
  statuses: { SUBMITTED: '已记录，待镇街审核', ACCEPTED: '已审核', REJECTED: '不通过', RETURNED: '退回修改' },
} as const;

// Part of the dictionary from the moment a screen that shows it is loaded; the English
// arrives with the rest of English when chosen.
registerPart('family', familyZh, () => import('./messages.en').then((m) => m.familyEn));

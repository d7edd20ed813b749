import { registerPart } from '../../i18n/parts';

/** The city desk's text, 中文 first; `messages.en.ts` must have the same keys (checked by its type). */
export const cityZh = {
  nav: '市级导航',
  overview: '各区县汇总',
  month: '月份',
  district: '区县',
  pack: '政策包',
  noPack: '未选择政策包',
  closed: '已关账',
  elders: '应探访老人',
  visitRate: '月探访率',
  contactRate: '探访覆盖率',
  overdueElders: '逾期人数',
  casesOpen: '处置中个案',
  casesPastDue: '超时个案',
  hours: '入账时长（小时）',
  empty: '本市暂无区县',
  exportXlsx: '导出 Excel',
  exportCsv: '导出 CSV',
  exporting: '正在导出…',
  note: '市级只看各区县汇总数字，不查看老人档案和探访记录。',
};

// Part of the dictionary from the moment a screen that shows it is loaded; the English
// arrives with the rest of English when chosen.
registerPart('city', cityZh, () => import('./messages.en').then((m) => m.cityEn));

import { registerPart } from '../i18n/parts';

/** 关账: a closed month's figures as reported, and the corrections beside them. 中文 first. */
export const closedMonthZh = {
  reported: '已报送（截至 {at}）',
  closedBy: '{how} · {by}',
  corrected: '更正后',
  noCorrections: '无更正',
  open: '本月未关账，数据实时计算',
  corrections: '更正（{n}）',
  correctionsHint: '关账后录入、改变了老人当月结果的事项（涉及 {n} 位老人）。已报送的数字不变，更正后的数字列在旁边。',
  correctionsLabel: '更正列表',
  recordedBy: '录入人',
  recordedAt: '录入时间',
  reason: '原因',
  result: '结果',
  colon: '：',
  showMore: '再显示 {n} 位老人（已显示 {shown} / {total} 位）',
  outcome: { MET: '达标', NOT_MET: '未达标', NOT_COUNTED: '不计入' },
  how: { DEADLINE: '报送截止自动关账', ADMIN: '区级管理员关账' },
  kind: {
    LATE_RECORD: '截止后审核通过的探访记录',
    REJECTED_AFTER_ACCEPTANCE: '截止后驳回已通过的记录',
    BACKDATED_FACT: '截止后录入的回溯事实变更',
    STATUS_CHANGE: '截止后录入的服务状态变更',
    LATE_REGISTRATION: '截止后建档',
  },
};

// Part of the dictionary from the moment a screen that shows it is loaded; the English
// arrives with the rest of English when chosen.
registerPart('closedMonth', closedMonthZh, () => import('./closedMonthMessages.en').then((m) => m.closedMonthEn));

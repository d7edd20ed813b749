import { registerPart } from '../../i18n/parts';

/** 报表 (the forms an office hands in) and the print buttons, 中文 first; `messages.en.ts` has the same keys. */
export const formsZh = {
  title: '报表导出',
  source: '政策原文',
  noPack: '本区县尚未选择政策，暂无可导出的报表',
  noArea: '该账号没有所属区域，无法导出报表',
  period: '统计期',
  byMonth: '按月',
  byHalfYear: '按半年',
  month: '月份',
  halfYear: '半年',
  periodMonth: '{year}年{month}月',
  firstHalf: '{year}年上半年',
  secondHalf: '{year}年下半年',
  ledgerTitle: '台帐',
  noLedger: '本区县的政策未规定台帐样式，无需导出台帐。',
  registrationTitle: '登记表',
  registrationHint: '每位在册老人一张登记表，合在一个文件中',
  noRegistration: '本区县的政策未规定登记表样式。',
  handInTitle: '定期报送',
  handInMonths: '每年{months}报送以下材料：',
  monthName: '{month}月',
  handInWhen: '报送批次',
  handInOccasion: '{month}报送（{period}）',
  handInDownload: '下载报送材料（压缩包）',
  noHandIn: '本区县的政策未规定定期报送材料。',
  download: '下载',
  preview: '打印预览',
  previewHint: '在新标签页打开，可直接打印（横向 A4）',
  downloading: '正在生成…',
  downloaded: '已下载：{name}',
  attachment: '附件{n}',
  unmask: '显示完整证件号',
  unmaskHint: '导出的文件中身份证号和电话号码默认隐去中间位数。显示完整号码须说明原因，并记入操作日志。',
  reason: '查看原因',
  reasonHint: '例如：半年报送区民政局（至少 4 个字）',
  reasonRequired: '请填写查看原因',
  reasonTooShort: '请具体说明查看原因（至少 4 个字）',
  printRegistration: '打印登记表',
  printFull: '打印完整证件号',
  noRegistrationForm: '本区县的政策未规定登记表样式',
  noRecordForm: '本区县的政策未规定记录表样式',
};

// Part of the dictionary from the moment a screen that shows it is loaded; the English
// arrives with the rest of English when chosen.
registerPart('forms', formsZh, () => import('./messages.en').then((m) => m.formsEn));

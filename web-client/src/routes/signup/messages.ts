import { registerPart } from '../../i18n/parts';

/** The self sign-up screen's text, 中文 first; `messages.en.ts` must have the same keys (checked by its type). */
export const signUpZh = {
  link: '还没有账号？注册成为探访志愿者',
  title: '志愿者注册',
  lead: '实名注册后，由所在镇（街道）审核通过即可认领探访时段。在校学生请由学校统一登记。',
  kind: '身份',
  kinds: { VOLUNTEER: '志愿者', SENIOR_VOLUNTEER: '低龄健康老年人（年满 60 周岁）', PROFESSIONAL: '专业人员（社工、家庭医生、第三方机构）', STUDENT: '在校学生' },
  realName: '真实姓名',
  idNumber: '身份证号',
  idHint: '18 位，仅用于实名核验，加密保存',
  phone: '手机号',
  district: '常住地：区（县）',
  town: '镇（街道）',
  village: '村（社区）',
  choose: '请选择',
  chooseVillage: '请选择常住的村（社区）',
  passwordHint: '至少 10 个字符，不能全是数字',
  submit: '注册',
  submitting: '正在注册…',
  haveAccount: '已有账号？',
};

// Part of the dictionary from the moment a screen that shows it is loaded; the English
// arrives with the rest of English when chosen.
registerPart('signUp', signUpZh, () => import('./messages.en').then((m) => m.signUpEn));

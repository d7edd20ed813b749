import { volunteerZh } from '../routes/volunteer/messages';
import { organizerZh } from '../routes/organizer/messages';
import { schoolZh } from '../routes/school/messages';
import { cityZh } from '../routes/city/messages';
import { formsZh } from '../routes/forms/messages';
import { districtZh } from '../routes/district/messages';
import { familyZh } from '../routes/family/messages';
import { deadLettersZh } from '../components/deadLettersMessages';
import { settingsZh } from '../components/notificationSettingsMessages';
import { surgeBannerZh } from '../components/surgeBannerMessages';
import { signUpZh } from '../routes/signup/messages';

/** 中文 (default). Every UI string lives here; `en.ts` must have the same keys. */
export const zh = {
  app: {
    name: '探访',
    tagline: '不让一位独居老人被遗忘',
    language: '语言',
    switchTo: 'English',
    logout: '退出登录',
    skipToContent: '跳到主要内容',
    notFound: '页面不存在',
    backHome: '返回首页',
    comingSoon: '此页面即将推出',
  },
  state: {
    loading: '加载中…',
    empty: '暂无数据',
    retry: '重试',
    error: '出错了',
  },
  errors: {
    UNAUTHENTICATED: '登录已失效，请重新登录',
    FORBIDDEN: '无权执行此操作',
    LOGIN_FAILED: '用户名或密码错误，或尝试过于频繁，请稍后再试',
    NOT_FOUND: '要找的内容不存在',
    VERSION_CONFLICT: '该记录已被他人修改，请刷新后重试',
    DUPLICATE: '与同时提交的另一请求重复，请刷新后查看结果',
    INVALID_INPUT: '请检查标出的项目',
    UNAVAILABLE: '服务暂不可用，请稍后再试',
    INTERNAL: '服务器内部错误，请稍后再试',
    NETWORK: '网络连接失败，请检查网络后重试',
    UNKNOWN: '发生未知错误',
  },
  login: {
    title: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    required: '请填写此项',
    noRole: '该账号没有可用的页面，请联系管理员',
  },
  roles: {
    CITY_ADMIN: '市级管理员',
    DISTRICT_ADMIN: '区民政局管理员',
    TOWN_ORGANIZER: '镇街组织者',
    VILLAGE_STAFF: '村(居)工作人员',
    VISITOR: '探访人员',
    SCHOOL_ADMIN: '学校管理员',
    FAMILY: '家属/紧急联系人',
  },
  volunteer: volunteerZh,
  organizer: organizerZh,
  school: schoolZh,
  city: cityZh,
  district: districtZh,
  forms: formsZh,
  family: familyZh,
  deadLetters: deadLettersZh,
  settings: settingsZh,
  surgeBanner: surgeBannerZh,
  signUp: signUpZh,
  /** 关账: a closed month's figures as reported, and the corrections beside them. */
  closedMonth: {
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
  },
} as const;

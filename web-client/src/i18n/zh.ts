/**
 * 中文 (default): the text of the app's frame, states, errors and sign-in; `en.ts` must have the
 * same keys. Each screen's text is a part of its own beside it (`Parts` in `types.ts`).
 */
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
} as const;

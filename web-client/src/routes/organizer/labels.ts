import type * as gql from '../../gql/graphql';
import type { Lang } from '../../i18n';

/** A label for every value of an API enum: a value the server adds fails the type check here. */
type Complete<E extends string> = Record<E, readonly [string, string]>;

/** Labels of the API's enums, 中文 first (the schema's own descriptions) and English. */
const LABELS = {
  Category: {
    LIVING_ALONE: ['独居', 'Living alone'],
    EMPTY_NEST: ['空巢', 'Empty nest'],
    RURAL_LEFT_BEHIND: ['农村留守', 'Rural left-behind'],
    DISABLED: ['失能', 'Disabled'],
    SEVERELY_HANDICAPPED: ['重残', 'Severely handicapped'],
    FAMILY_PLANNING_SPECIAL: ['计划生育特殊家庭', 'Family-planning special'],
    OTHER: ['其他', 'Other'],
    URBAN_LIVING_ALONE: ['城市独居', 'Urban living alone'],
    DISPERSED_SPECIAL_HARDSHIP: ['分散供养特困', 'Dispersed special hardship'],
    MINIMUM_LIVING: ['低保', 'Minimum living'],
    NEAR_MINIMUM_LIVING: ['低保边缘', 'Near minimum living'],
    ADVANCED_AGE: ['高龄', 'Advanced age'],
    SERIOUS_ILLNESS: ['重病', 'Serious illness'],
    DEMENTIA: ['失智', 'Dementia'],
    LOST_ONLY_CHILD: ['失独', 'Lost only child'],
    LIVING_WITH_DISABLED_CHILD: ['与重度残疾子女共同居住', 'Lives with a disabled child'],
    CARING_FOR_DISABLED_CHILD: ['长期照料失能失智子女', 'Cares for a disabled child'],
    ENTRUSTED_BY_CHILDREN: ['经子女委托巡访', 'Entrusted by children'],
    PRIORITY_VETERAN: ['重点优抚对象', 'Priority veteran'],
  } satisfies Complete<gql.Category>,
  ServiceStatus: {
    IN_SERVICE: ['服务中', 'In service'],
    REFUSED: ['拒绝服务', 'Refused'],
    DIED: ['已去世', 'Died'],
    MOVED_OUT: ['已迁出', 'Moved out'],
    IN_INSTITUTION: ['已入住机构', 'In an institution'],
  } satisfies Complete<gql.ServiceStatus>,
  Sex: { MALE: ['男', 'Male'], FEMALE: ['女', 'Female'] },
  AbilityLevel: {
    INTACT: ['能力完好', 'Intact'],
    MILDLY_IMPAIRED: ['轻度失能', 'Mildly impaired'],
    MODERATELY_IMPAIRED: ['中度失能', 'Moderately impaired'],
    SEVERELY_IMPAIRED: ['重度失能', 'Severely impaired'],
    FULLY_IMPAIRED: ['完全失能', 'Fully impaired'],
  } satisfies Complete<gql.AbilityLevel>,
  LivingArrangement: {
    ALONE: ['独居', 'Alone'],
    WITH_SPOUSE: ['与配偶同住', 'With spouse'],
    WITH_DISABLED_CHILD: ['与残疾子女同住', 'With a disabled child'],
    WITH_CARER: ['与照料人同住', 'With a carer'],
    WITH_FAMILY: ['与其他家人同住', 'With family'],
  } satisfies Complete<gql.LivingArrangement>,
  EconomicStatus: {
    ORDINARY: ['一般', 'Ordinary'],
    SPECIAL_HARDSHIP: ['特困人员', 'Special hardship'],
    MINIMUM_LIVING: ['低保', 'Minimum living'],
    NEAR_MINIMUM_LIVING: ['低保边缘', 'Near minimum living'],
  } satisfies Complete<gql.EconomicStatus>,
  RiskLevel: { HIGH: ['高', 'High'], MEDIUM: ['中', 'Medium'], LOW: ['低', 'Low'] },
  UrbanRural: { URBAN: ['城镇', 'Urban'], RURAL: ['农村', 'Rural'] } satisfies Complete<gql.UrbanRural>,
  HardshipSupport: { DISPERSED: ['分散供养', 'Dispersed'], CENTRALIZED: ['集中供养', 'Centralized'] } satisfies Complete<gql.HardshipSupport>,
  ConsentStatus: { CONSENTED: ['同意', 'Consented'], REFUSED: ['拒绝', 'Refused'], PENDING: ['待确认', 'Pending'] },
  AttemptMode: { PHONE: ['电话', 'Phone'], VIDEO: ['视频', 'Video'], IN_PERSON: ['上门', 'In person'] } satisfies Complete<gql.AttemptMode>,
  AttemptReason: {
    NO_ANSWER: ['无人接听', 'No answer'],
    NOT_AT_HOME: ['不在家', 'Not at home'],
    TURNED_AWAY: ['拒绝探访', 'Turned away'],
    WRONG_NUMBER: ['号码错误', 'Wrong number'],
    IN_HOSPITAL: ['住院', 'In hospital'],
  } satisfies Complete<gql.AttemptReason>,
  VisitMode: {
    IN_PERSON: ['上门探访', 'In person'],
    PHONE: ['电话问候', 'Phone'],
    VIDEO: ['音视频', 'Video'],
    REMOTE_MONITORING: ['远程监测', 'Remote monitoring'],
    OTHER: ['其他', 'Other'],
  } satisfies Complete<gql.VisitMode>,
  RecordStatus: {
    SUBMITTED: ['待审核', 'Submitted'],
    ACCEPTED: ['已通过', 'Accepted'],
    REJECTED: ['不通过', 'Rejected'],
    RETURNED: ['退回修改', 'Returned'],
  } satisfies Complete<gql.RecordStatus>,
  ReviewDecision: { ACCEPT: ['通过', 'Accept'], REJECT: ['不通过', 'Reject'], SEND_BACK: ['退回修改', 'Send back'] },
  SignalKind: {
    FAR_CHECK_IN: ['上门定位远离老人住址', 'Check-in far from the home'],
    OVERLAP: ['同一探访人时间重叠', 'Overlapping visits'],
    PHOTO_REUSED: ['照片重复使用', 'Photo reused'],
    TOO_SHORT: ['上门探访时间过短', 'Visit too short'],
  } satisfies Complete<gql.SignalKind>,
  RiskKind: {
    UNSAFE_HOME: ['居家安全隐患', 'Unsafe home'],
    SERIOUS_ILLNESS: ['病情严重', 'Serious illness'],
    NO_CARER: ['无人照料', 'No carer'],
    ABUSE_OR_NEGLECT: ['疑似虐待或疏于照料', 'Abuse or neglect'],
    URGENT_NEED: ['紧急需求', 'Urgent need'],
    LOST_CONTACT: ['失联', 'Lost contact'],
  } satisfies Complete<gql.RiskKind>,
  Severity: { CRITICAL: ['紧急', 'Critical'], HIGH: ['高', 'High'] },
  CaseStatus: { OPEN: ['处置中', 'Open'], CLOSED: ['已结案', 'Closed'] },
  ReferralTarget: {
    SOCIAL_WORKER: ['社工', 'Social worker'],
    MEDICAL: ['医疗卫生', 'Medical'],
    LEGAL_AID: ['法律援助', 'Legal aid'],
    ELDERLY_CARE: ['养老服务', 'Elderly care'],
    SOCIAL_ASSISTANCE: ['社会救助', 'Social assistance'],
    EMERGENCY: ['紧急救援', 'Emergency'],
    OTHER: ['其他', 'Other'],
  } satisfies Complete<gql.ReferralTarget>,
  ReferralStatus: {
    REQUESTED: ['已转介', 'Requested'],
    ACCEPTED: ['已接收', 'Accepted'],
    COMPLETED: ['已完成', 'Completed'],
    DECLINED: ['未接收', 'Declined'],
  } satisfies Complete<gql.ReferralStatus>,
  VisitorKind: {
    VOLUNTEER: ['志愿者', 'Volunteer'],
    STUDENT: ['在校学生', 'Student'],
    SENIOR_VOLUNTEER: ['低龄健康老年人', 'Younger senior'],
    PROFESSIONAL: ['专业人员', 'Professional'],
  } satisfies Complete<gql.VisitorKind>,
  /** A visitor account's status as the 志愿者 page words it. */
  AccountStatus: { PENDING: ['待审核', 'Pending'], ACTIVE: ['已通过', 'Approved'], DISABLED: ['已暂停', 'Suspended'] },
  OrganisationKind: {
    SCHOOL: ['学校', 'School'],
    SOCIAL_WORK_STATION: ['社工站', 'Social work station'],
    INSTITUTION: ['第三方机构', 'Institution'],
    VOLUNTEER_TEAM: ['志愿服务队', 'Volunteer team'],
    OFFICE: ['村(居)委会或镇街', 'Village or town office'],
    INDIVIDUAL: ['个人', 'Individual'],
  } satisfies Complete<gql.OrganisationKind>,
  Role: {
    CITY_ADMIN: ['市级管理员', 'City admin'],
    DISTRICT_ADMIN: ['区民政局管理员', 'District admin'],
    TOWN_ORGANIZER: ['镇街组织者', 'Town organizer'],
    VILLAGE_STAFF: ['村(居)工作人员', 'Village staff'],
    VISITOR: ['探访人员', 'Visitor'],
    SCHOOL_ADMIN: ['学校管理员', 'School admin'],
    FAMILY: ['家属/紧急联系人', 'Family'],
  } satisfies Complete<gql.Role>,
  CareKind: {
    HAIRCUT: ['理发', 'Haircut'],
    LAUNDRY: ['洗衣', 'Laundry'],
    MEALS: ['送餐', 'Meal delivery'],
    BATHING: ['助浴', 'Bathing'],
    ESCORT: ['陪诊', 'Escort to a doctor'],
    COMFORT: ['精神慰藉', 'Company and comfort'],
    HOUSEKEEPING: ['家政', 'Housekeeping'],
  } satisfies Complete<gql.CareKind>,
  ElderConfirmationMethod: {
    SIGNATURE: ['签字', 'Signature'],
    READ_OUT_CODE: ['口述确认码', 'Read-out code'],
    SIGNED_PAPER: ['签字纸质表', 'Signed paper sheet'],
    CONFIRMED_BY_PHONE: ['电话确认', 'Confirmed by phone'],
  } satisfies Complete<gql.ElderConfirmationMethod>,
  VolunteerSort: {
    VISITS: ['探访次数', 'Visits'],
    MINUTES: ['服务时长', 'Hours served'],
    NO_SHOWS: ['未到次数', 'No-shows'],
    TRAININGS: ['培训次数', 'Training'],
    LAST_ACTIVE: ['最近活动', 'Last active'],
    NAME: ['姓名', 'Name'],
  } satisfies Complete<gql.VolunteerSort>,
  CorrectionStatus: {
    PENDING: ['待处理', 'Pending'],
    ACCEPTED: ['已更正', 'Corrected'],
    REFUSED: ['不予更正', 'Refused'],
  } satisfies Complete<gql.CorrectionStatus>,
} as const satisfies Record<string, Record<string, readonly [string, string]>>;

export type EnumName = keyof typeof LABELS;

/** The label of one enum value in `lang`; the code itself when unknown (or empty for null). */
export function enumLabel(lang: Lang, name: EnumName, value: string | null | undefined): string {
  if (!value) return '—';
  const pair = (LABELS[name] as Record<string, readonly [string, string]>)[value];
  return pair ? pair[lang === 'zh' ? 0 : 1] : value;
}

/** The enum's values in declaration order, for selects. */
export function enumValues(name: EnumName): string[] {
  return Object.keys(LABELS[name]);
}

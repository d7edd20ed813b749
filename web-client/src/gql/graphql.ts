/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** 能力程度 — ability level per 《老年人能力评估规范》. */
export type AbilityLevel =
  /** 完全失能 */
  | 'FULLY_IMPAIRED'
  /** 能力完好 */
  | 'INTACT'
  /** 轻度失能 */
  | 'MILDLY_IMPAIRED'
  /** 中度失能 */
  | 'MODERATELY_IMPAIRED'
  /** 重度失能 */
  | 'SEVERELY_IMPAIRED';

/**
 * 账户类型: a person's hours (holder: a visitor's time bank, a student's term of service
 * credit); a key elder's care account (hours granted from the pool, spent on the elder's
 * care); the district's issuing account (its debits are the hours issued); the donation
 * pool (donated hours and hours over a yearly cap, granted to key elders); the redemption
 * account (where hours go when spent on care).
 */
export type AccountKind =
  /** 捐赠池 */
  | 'DONATION_POOL'
  /** 老人关爱账户 */
  | 'ELDER_CARE'
  /** 个人账户 */
  | 'HOLDER'
  /** 区发行账户 */
  | 'ISSUING'
  /** 兑换账户 */
  | 'REDEMPTION';

/** 账号状态 */
export type AccountStatus =
  /** 已启用 */
  | 'ACTIVE'
  /** 已停用 */
  | 'DISABLED'
  /** 待审核 */
  | 'PENDING';

/** 行政层级 — level of a node in the administrative tree. */
export type AreaLevel =
  /** 市 */
  | 'CITY'
  /** 区/县/市 */
  | 'DISTRICT'
  /** 镇/街道 */
  | 'TOWN'
  /** 村/社区 */
  | 'VILLAGE';

/** 联系方式 — how the visitor tried to reach the elder. */
export type AttemptMode =
  /** 上门 */
  | 'IN_PERSON'
  /** 电话 */
  | 'PHONE'
  /** 视频 */
  | 'VIDEO';

/** 未联系上的原因 — why the contact did not happen. */
export type AttemptReason =
  /** 住院 */
  | 'IN_HOSPITAL'
  /** 不在家 */
  | 'NOT_AT_HOME'
  /** 无人接听 */
  | 'NO_ANSWER'
  /** 拒绝探访 */
  | 'TURNED_AWAY'
  /** 号码错误 */
  | 'WRONG_NUMBER';

/** 账本. */
export type Book =
  /** 志愿服务计学分 */
  | 'SERVICE_CREDIT'
  /** 时间银行 */
  | 'TIME_BANK';

/**
 * 服务项目 — the kinds of care a service record names (issue #20's list; linzi-2022's
 * 理发洗衣、精神慰藉、送餐 among them).
 */
export type CareKind =
  /** 助浴 */
  | 'BATHING'
  /** 精神慰藉 */
  | 'COMFORT'
  /** 陪诊 */
  | 'ESCORT'
  /** 理发 */
  | 'HAIRCUT'
  /** 家政 */
  | 'HOUSEKEEPING'
  /** 洗衣 */
  | 'LAUNDRY'
  /** 送餐 */
  | 'MEALS';

/** 个案状态. */
export type CaseStatus =
  /** 已结案 */
  | 'CLOSED'
  /** 处置中 */
  | 'OPEN';

/** 人员类别 — categories; an elder may have several (yubei-2024's seven first). */
export type Category =
  /** 高龄 */
  | 'ADVANCED_AGE'
  /** 长期照料失能失智子女 */
  | 'CARING_FOR_DISABLED_CHILD'
  /** 失智 */
  | 'DEMENTIA'
  /** 失能 */
  | 'DISABLED'
  /** 分散供养特困 */
  | 'DISPERSED_SPECIAL_HARDSHIP'
  /** 空巢 */
  | 'EMPTY_NEST'
  /** 经子女委托巡访 */
  | 'ENTRUSTED_BY_CHILDREN'
  /** 计划生育特殊家庭 */
  | 'FAMILY_PLANNING_SPECIAL'
  /** 独居 */
  | 'LIVING_ALONE'
  /** 与重度残疾子女共同居住 */
  | 'LIVING_WITH_DISABLED_CHILD'
  /** 失独 */
  | 'LOST_ONLY_CHILD'
  /** 低保 */
  | 'MINIMUM_LIVING'
  /** 低保边缘 */
  | 'NEAR_MINIMUM_LIVING'
  /** 其他 */
  | 'OTHER'
  /** 重点优抚对象 */
  | 'PRIORITY_VETERAN'
  /** 农村留守 */
  | 'RURAL_LEFT_BEHIND'
  /** 重病 */
  | 'SERIOUS_ILLNESS'
  /** 重残 */
  | 'SEVERELY_HANDICAPPED'
  /** 城市独居 */
  | 'URBAN_LIVING_ALONE';

/** 认定结论. */
export type CertificationDecision =
  /** 认定 */
  | 'APPROVE'
  /** 不予认定 */
  | 'DENY'
  /** 部分认定 */
  | 'PARTLY_APPROVE';

/** 发送渠道. */
export type Channel =
  /** 邮件 */
  | 'EMAIL'
  /** 站内 */
  | 'IN_APP'
  /** 短信 */
  | 'SMS';

/** 接受探访意愿 — whether the elder agreed to be visited. */
export type ConsentStatus =
  /** 同意 */
  | 'CONSENTED'
  /** 待确认 */
  | 'PENDING'
  /** 拒绝 */
  | 'REFUSED';

/** 更正原因 — what changed a closed month's result for an elder. */
export type CorrectionKind =
  /** 截止后录入的回溯事实变更 */
  | 'BACKDATED_FACT'
  /** 截止后审核通过的探访记录 */
  | 'LATE_RECORD'
  /** 截止后建档 */
  | 'LATE_REGISTRATION'
  /** 截止后驳回已通过的记录 */
  | 'REJECTED_AFTER_ACCEPTANCE'
  /** 截止后录入的服务状态变更 */
  | 'STATUS_CHANGE';

/** 更正状态 — where a visitor's request to correct a visit's minutes stands. */
export type CorrectionStatus =
  /** 已更正 */
  | 'ACCEPTED'
  /** 待处理 */
  | 'PENDING'
  /** 不予更正 */
  | 'REFUSED';

/** 经济状况 — economic status. */
export type EconomicStatus =
  /** 低保 */
  | 'MINIMUM_LIVING'
  /** 低保边缘 */
  | 'NEAR_MINIMUM_LIVING'
  /** 一般 */
  | 'ORDINARY'
  /** 特困人员 */
  | 'SPECIAL_HARDSHIP';

/**
 * 老人确认方式 — how the elder confirmed the visit: at the visit, by a signature or by
 * reading out a code texted to them; or, on a paper record entered later (1.2.0), as the
 * staff member entering it states: the elder signed the paper form, or confirmed the
 * visit by phone to the staff member who called.
 */
export type ElderConfirmationMethod =
  /** 电话确认 */
  | 'CONFIRMED_BY_PHONE'
  /** 口述确认码 */
  | 'READ_OUT_CODE'
  /** 签字 */
  | 'SIGNATURE'
  /** 签字纸质表 */
  | 'SIGNED_PAPER';

/** The elder file as a form or import sends it. Parse it with [`ElderFile::parse`]. */
export type ElderFileInput = {
  abilityLevel: AbilityLevel;
  /** 出生日期: optional; when given it must match the ID number. */
  birthDate?: string | null | undefined;
  categories?: Array<Category> | null | undefined;
  /** 子女外出务工地点 */
  childrenAwayLocation?: string | null | undefined;
  childrenAwaySince?: string | null | undefined;
  /** 子女计划返乡日期 */
  childrenPlannedReturn?: string | null | undefined;
  consent: ConsentStatus;
  /** 书面说明 — required when the elder refused. */
  consentNote?: string | null | undefined;
  consentRecordedOn?: string | null | undefined;
  /** 残疾证号 */
  disabilityCertificateNo?: string | null | undefined;
  /** 残疾等级 1–4 (1 is the most severe) */
  disabilityGrade?: number | null | undefined;
  /** 疾病史 */
  diseaseHistory?: string | null | undefined;
  economicStatus: EconomicStatus;
  /** In the order they are to be called. */
  emergencyContacts?: Array<EmergencyContactInput> | null | undefined;
  familyMembers?: Array<FamilyMemberInput> | null | undefined;
  /** 供养方式, only for 特困人员 */
  hardshipSupport?: HardshipSupport | null | undefined;
  /** 失智 */
  hasDementia?: boolean | null | undefined;
  /** 重病 */
  hasSeriousIllness?: boolean | null | undefined;
  /** 已获帮扶 */
  helpReceived?: string | null | undefined;
  /** 户籍地址 */
  householdAddress?: string | null | undefined;
  /** 户籍所在村/社区 when known */
  householdVillageCode?: string | null | undefined;
  /** 身份证号 (18 位) */
  idNumber: string;
  livingArrangement: LivingArrangement;
  /** 月收入（元） */
  monthlyIncomeYuan?: number | null | undefined;
  /** 姓名 */
  name: string;
  /** 养老金（元/月） */
  pensionYuan?: number | null | undefined;
  /** 联系电话 */
  phone?: string | null | undefined;
  /** 居住地详细地址 */
  residenceAddress: string;
  riskAssessedOn?: string | null | undefined;
  riskAssessor?: string | null | undefined;
  riskLevel?: RiskLevel | null | undefined;
  /** 性别: optional; when given it must match the ID number. */
  sex?: Sex | null | undefined;
  /** 同意家属查看探访记录 — whether family accounts may see the visit history. */
  sharesWithFamily?: boolean | null | undefined;
  /** 享受补贴 */
  subsidies?: string | null | undefined;
  urbanRural: UrbanRural;
  /** 居住地所在村/社区 (12-digit code) */
  villageCode: string;
};

/** Narrows an elder list; every given field must match. */
export type ElderFilterInput = {
  category?: Category | null | undefined;
  /** Part of the name. */
  nameContains?: string | null | undefined;
  serviceStatus?: ServiceStatus | null | undefined;
  /** Elders living in this town/street (9-digit code). */
  townCode?: string | null | undefined;
  /** Elders living in this village/community (12-digit code). */
  villageCode?: string | null | undefined;
};

/** An emergency contact (紧急联系人); the list is ordered, first is called first. */
export type EmergencyContactInput = {
  name: string;
  phone: string;
  relation: string;
};

/** 档案事实项 — one field of [`FactInputs`]; the code is its name in the stored JSON. */
export type FactField =
  /** 能力程度 */
  | 'ABILITY_LEVEL'
  /** 出生日期 */
  | 'BIRTH_DATE'
  /** 人员类别 */
  | 'CATEGORIES'
  /** 子女外出 */
  | 'CHILDREN_AWAY'
  /** 残疾等级 */
  | 'DISABILITY_GRADE'
  /** 经济状况 */
  | 'ECONOMIC_STATUS'
  /** 特困供养方式 */
  | 'HARDSHIP_SUPPORT'
  /** 失智 */
  | 'HAS_DEMENTIA'
  /** 重病 */
  | 'HAS_SERIOUS_ILLNESS'
  /** 家庭成员 */
  | 'HOUSEHOLD'
  /** 居住情况 */
  | 'LIVING_ARRANGEMENT'
  /** 风险等级 */
  | 'RISK_LEVEL'
  /** 城乡 */
  | 'URBAN_RURAL';

/**
 * A family member (家庭成员). Besides the free-text health note, the member's age, ability,
 * dementia and disability are recorded as data: the policy packs read those, never the note
 * (jiangmen-2024's B类 reads a co-resident elder's or child's condition).
 */
export type FamilyMemberInput = {
  /** 能力程度 — not recorded when absent. */
  abilityLevel?: AbilityLevel | null | undefined;
  /** 年龄（周岁） as stated on `ageStatedOn`, when the birth date is not known. */
  age?: number | null | undefined;
  /** The day `age` was stated (default: the day it is entered); only with `age`. */
  ageStatedOn?: string | null | undefined;
  /** 出生日期 — give this or `age`, not both. */
  birthDate?: string | null | undefined;
  /** 残疾等级 1–4 (1 is the most severe); absent: no disability recorded. */
  disabilityGrade?: number | null | undefined;
  /** 失智 — not recorded when absent. */
  hasDementia?: boolean | null | undefined;
  /** 健康状况 — a note in words; the packs do not read it. */
  health?: string | null | undefined;
  /** 是否同住 */
  livesWith?: boolean | null | undefined;
  name: string;
  phone?: string | null | undefined;
  /** 关系, e.g. 儿子, 女儿, 配偶 */
  relation: string;
  /** 性别 */
  sex?: Sex | null | undefined;
  /** 是否经常探访 */
  visitsOften?: boolean | null | undefined;
};

/** 表样 — one form a seed document attaches (附件), by district and number. */
export type FormCode =
  /** 农村留守老人巡访登记表 */
  | 'EMEISHAN1'
  /** 广东省江门市特殊困难老年人探访关爱服务情况统计表 */
  | 'JIANGMEN1'
  /** 广东省江门市特殊困难老年人基本信息登记表 */
  | 'JIANGMEN2'
  /** 广东省江门市特殊困难老年人探访关爱服务记录表 */
  | 'JIANGMEN3'
  /** 临淄区特殊关爱群体老年人信息采集表 */
  | 'LINZI1'
  /** 临淄区城乡留守老年人及分散供养特困老年人探视巡访记录表 */
  | 'LINZI2'
  /** 农村留守老年人基本情况汇总表 */
  | 'NINGBO2'
  /** 渝北区特殊困难老年人关爱服务信息台帐 */
  | 'YUBEI1'
  /** 渝北区特殊困难老年人信息登记表 */
  | 'YUBEI2'
  /** 渝北区特殊困难老年人探访关爱服务记录表 */
  | 'YUBEI3';

/** 评价等级 — the organiser's grade of a volunteer for a period. */
export type Grade =
  /** 优秀 */
  | 'EXCELLENT'
  /** 不合格 */
  | 'FAIL'
  /** 良好 */
  | 'GOOD'
  /** 合格 */
  | 'PASS';

/** 供养方式 — how a 特困人员 is supported. */
export type HardshipSupport =
  /** 集中供养 */
  | 'CENTRALIZED'
  /** 分散供养 */
  | 'DISPERSED';

/** 居住情况 — living arrangement. */
export type LivingArrangement =
  /** 独居 */
  | 'ALONE'
  /** 与照料人同住 */
  | 'WITH_CARER'
  /** 与残疾子女同住 */
  | 'WITH_DISABLED_CHILD'
  /** 与其他家人同住 */
  | 'WITH_FAMILY'
  /** 与配偶同住 */
  | 'WITH_SPOUSE';

/** 通知种类 — what a message is about; each kind has its templates (`api/templates/messages`). */
export type MessageKind =
  /** 探访次数下调 */
  | 'CAPACITY_REDUCED'
  /** 探访次数恢复 */
  | 'CAPACITY_RESTORED'
  /** 风险告警 */
  | 'CASE_OPENED'
  /** 个案逾期 */
  | 'CASE_OVERDUE'
  /** 认领成功 */
  | 'CLAIM_CONFIRMED'
  /** 探访确认码 */
  | 'ELDER_CODE'
  /** 失联告警 */
  | 'LOST_CONTACT'
  /** 未到提醒 */
  | 'NO_SHOW'
  /** 逾期周报 */
  | 'OVERDUE_DIGEST'
  /** 半年复核提醒 */
  | 'REVIEW_DUE'
  /** 学生服务周报 */
  | 'SCHOOL_SUMMARY'
  /** 空缺时段 */
  | 'SLOT_OFFERED'
  /** 时间银行月结单 */
  | 'TIME_BANK_STATEMENT'
  /** 探访提醒 */
  | 'VISIT_REMINDER';

/**
 * 所属组织 — the kind of organisation a visitor comes through (`Office`: a village (居)
 * committee or a town (街道) office whose own people visit; issue #20's "or a village or
 * town office").
 */
export type OrganisationKind =
  /** 个人 */
  | 'INDIVIDUAL'
  /** 第三方机构 */
  | 'INSTITUTION'
  /** 村(居)委会或镇街 */
  | 'OFFICE'
  /** 学校 */
  | 'SCHOOL'
  /** 社工站 */
  | 'SOCIAL_WORK_STATION'
  /** 志愿服务队 */
  | 'VOLUNTEER_TEAM';

/** 周期类型 — the kind of a calendar period. */
export type PeriodKind =
  /** 半月 */
  | 'HALF_MONTH'
  /** 半年 */
  | 'HALF_YEAR'
  /** 月 */
  | 'MONTH'
  /** 周 */
  | 'WEEK'
  /** 年 */
  | 'YEAR';

/** One (slot, visitor) pair of a proposal to accept, as proposed or edited. */
export type PlanAssignmentInput = {
  slotId: string;
  visitorId: string;
};

/**
 * 审核状态 of a record; the same code is the status of its row in `visits`, and only
 * accepted visits count for compliance.
 */
export type RecordStatus =
  /** 已通过 */
  | 'ACCEPTED'
  /** 不通过 */
  | 'REJECTED'
  /** 退回修改 */
  | 'RETURNED'
  /** 待审核 */
  | 'SUBMITTED';

/** 转介状态. */
export type ReferralStatus =
  /** 已接收 */
  | 'ACCEPTED'
  /** 已完成 */
  | 'COMPLETED'
  /** 未接收 */
  | 'DECLINED'
  /** 已转介 */
  | 'REQUESTED';

/** 转介 — where a visit refers the elder to. */
export type ReferralTarget =
  /** 养老服务 */
  | 'ELDERLY_CARE'
  /** 紧急救援 */
  | 'EMERGENCY'
  /** 法律援助 */
  | 'LEGAL_AID'
  /** 医疗卫生 */
  | 'MEDICAL'
  /** 其他 */
  | 'OTHER'
  /** 社会救助 */
  | 'SOCIAL_ASSISTANCE'
  /** 社工 */
  | 'SOCIAL_WORKER';

/** 审核结论. */
export type ReviewDecision =
  /** 通过 */
  | 'ACCEPT'
  /** 不通过 */
  | 'REJECT'
  /** 退回修改 */
  | 'SEND_BACK';

/** 风险类型 — what a record found (or 失联: an elder the pack's rule counts as lost, DOMAIN.md §8). */
export type RiskKind =
  /** 疑似虐待或疏于照料 */
  | 'ABUSE_OR_NEGLECT'
  /** 失联 */
  | 'LOST_CONTACT'
  /** 无人照料 */
  | 'NO_CARER'
  /** 病情严重 */
  | 'SERIOUS_ILLNESS'
  /** 居家安全隐患 */
  | 'UNSAFE_HOME'
  /** 紧急需求 */
  | 'URGENT_NEED';

/** 风险等级 — yearly risk assessment level (ningbo). */
export type RiskLevel =
  /** 高 */
  | 'HIGH'
  /** 低 */
  | 'LOW'
  /** 中 */
  | 'MEDIUM';

/** 角色 — an account's role. */
export type Role =
  /** 市级管理员 */
  | 'CITY_ADMIN'
  /** 区民政局管理员 */
  | 'DISTRICT_ADMIN'
  /** 家属/紧急联系人 */
  | 'FAMILY'
  /** 学校管理员 */
  | 'SCHOOL_ADMIN'
  /** 镇街组织者 */
  | 'TOWN_ORGANIZER'
  /** 村(居)工作人员 */
  | 'VILLAGE_STAFF'
  /** 探访人员 */
  | 'VISITOR';

/** 服务状态 — whether the elder is under service. */
export type ServiceStatus =
  /** 已去世 */
  | 'DIED'
  /** 已入住机构 */
  | 'IN_INSTITUTION'
  /** 服务中 */
  | 'IN_SERVICE'
  /** 已迁出 */
  | 'MOVED_OUT'
  /** 拒绝服务 */
  | 'REFUSED';

/** 风险等级 of a case; ordered most severe first. */
export type Severity =
  /** 紧急 */
  | 'CRITICAL'
  /** 高 */
  | 'HIGH';

/**
 * 性别
 *
 * Sex as recorded in the identity number (the 17th digit is odd for
 * [`Sex::Male`], even for [`Sex::Female`]).
 */
export type Sex =
  /** 女 */
  | 'FEMALE'
  /** 男 */
  | 'MALE';

export type SignalKind =
  /** 上门定位远离老人住址 */
  | 'FAR_CHECK_IN'
  /** 同一探访人时间重叠 */
  | 'OVERLAP'
  /** 照片重复使用 */
  | 'PHOTO_REUSED'
  /** 上门探访时间过短 */
  | 'TOO_SHORT';

/** 时段状态 */
export type SlotStatus =
  /** 已取消 */
  | 'CANCELLED'
  /** 已认领 */
  | 'CLAIMED'
  /** 已完成 */
  | 'DONE'
  /** 待认领 */
  | 'OPEN';

/** 抽查结论. */
export type SpotCheckOutcome =
  /** 属实 */
  | 'CONFIRMED'
  /** 不属实 */
  | 'FALSE'
  /** 存疑 */
  | 'QUESTIONABLE';

/** A student registered by their school. */
export type StudentInput = {
  /** The date the guardian's written consent was received. */
  guardianConsentOn?: string | null | undefined;
  /** 监护人 — required while the student is a minor. */
  guardianName?: string | null | undefined;
  guardianPhone?: string | null | undefined;
  guardianRelation?: string | null | undefined;
  idNumber: string;
  password: string;
  phone?: string | null | undefined;
  realName: string;
  username: string;
};

/** What a surge declaration says; tiers, count and modes default to the pack's surge. */
export type SurgeInput = {
  /**
   * The district, town or village it is declared for. Required without `elderId`; with
   * `elderId` it may be left out, and if given must hold the elder's village.
   */
  areaCode?: string | null | undefined;
  count?: number | null | undefined;
  /**
   * 单人加密探访 — the one elder (in your scope) it is declared for, for a 家庭变故, 突发自然灾害
   * or 突发公共卫生事件 of theirs: it binds that elder alone, whatever their tier (so `tiers`
   * must be left out), and its area is the elder's village.
   */
  elderId?: string | null | undefined;
  endsOn: string;
  kind: SurgeKind;
  /** e.g. 7月暴雨红色预警, 老伴去世 */
  label: string;
  modes?: Array<VisitMode> | null | undefined;
  startsOn: string;
  tiers?: Array<string> | null | undefined;
};

/** 加密探访事由 — why a surge was declared. */
export type SurgeKind =
  /** 突发自然灾害 */
  | 'DISASTER'
  /** 极端天气 */
  | 'EXTREME_WEATHER'
  /** 家庭变故 */
  | 'FAMILY_CHANGE'
  /** 传统节日 */
  | 'FESTIVAL'
  /** 突发公共卫生事件 */
  | 'PUBLIC_HEALTH';

/** 登记培训 — a session the caller's office held, with the visitors of its area who attended. */
export type TrainingSessionInput = {
  /** Visitor accounts of the caller's area, picked from the list. */
  attendeeIds: Array<string>;
  heldOn: string;
  /** Length in minutes (1–720). */
  minutes: number;
  note?: string | null | undefined;
  place: string;
  topic: string;
};

/** 交易类型. */
export type TransferKind =
  /** 超出年度上限转入捐赠池 */
  | 'CAP_EXCESS'
  /** 捐赠 */
  | 'DONATION'
  /** 赠与家人 */
  | 'GIFT'
  /** 捐赠池发放 */
  | 'GRANT'
  /** 探访计时 */
  | 'POSTING'
  /** 兑换服务 */
  | 'REDEMPTION'
  /** 冲正 */
  | 'REVERSAL';

/** 城乡 — whether a place is urban or rural. */
export type UrbanRural =
  /** 农村 */
  | 'RURAL'
  /** 城镇 */
  | 'URBAN';

/** 探访方式 — how a visit was made. */
export type VisitMode =
  /** 上门探访 */
  | 'IN_PERSON'
  /** 其他 */
  | 'OTHER'
  /** 电话问候 */
  | 'PHONE'
  /** 远程监测 */
  | 'REMOTE_MONITORING'
  /** 音视频 */
  | 'VIDEO';

/** 探访人员类型 — kinds of visitor that rules distinguish. */
export type VisitorKind =
  /** 专业人员（社工/家庭医生/第三方机构） */
  | 'PROFESSIONAL'
  /** 低龄健康老年人 */
  | 'SENIOR_VOLUNTEER'
  /** 在校学生 */
  | 'STUDENT'
  /** 志愿者 */
  | 'VOLUNTEER';

/** 实名注册 — a visitor's self-registration. */
export type VisitorRegistrationInput = {
  /** 常住村/社区 */
  homeVillageCode: string;
  idNumber: string;
  /** Students are registered by their school, not here. */
  kind: VisitorKind;
  password: string;
  phone: string;
  /** 真实姓名 */
  realName: string;
  username: string;
};

/** 排序 — how the volunteers' overview is ordered (the most first; a name A→Z). */
export type VolunteerSort =
  /** 最近活动 */
  | 'LAST_ACTIVE'
  /** 服务时长 */
  | 'MINUTES'
  /** 姓名 */
  | 'NAME'
  /** 未到次数 */
  | 'NO_SHOWS'
  /** 培训次数 */
  | 'TRAININGS'
  /** 探访次数 */
  | 'VISITS';

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, accessExpiresAt: string, refreshToken: string, account: { id: string, username: string, displayName: string, role: Role | null, areaCode: string | null, status: AccountStatus | null } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { visitorKind: VisitorKind | null, schoolId: string | null, elderId: string | null, id: string, username: string, displayName: string, role: Role | null, areaCode: string | null, status: AccountStatus | null } };

export type SessionAccountFragment = { id: string, username: string, displayName: string, role: Role | null, areaCode: string | null, status: AccountStatus | null };

export type RefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshMutation = { refresh: { accessToken: string, accessExpiresAt: string, refreshToken: string, account: { id: string, username: string, displayName: string, role: Role | null, areaCode: string | null, status: AccountStatus | null } } };

export type ClosedMonthFiguresFragment = { knownAt: string, closedAt: string, how: string, closedBy: string, corrections: Array<{ elderId: string, elderName: string, villageCode: string, kind: CorrectionKind, kindLabel: string, what: string, by: string, why: string | null, at: string, reported: string, now: string }>, nowTotal: { code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null } };

export type DeadLettersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DeadLettersQuery = { deadLetters: Array<{ id: string, kind: MessageKind, channel: string, recipientKind: string, recipientName: string, recipientMasked: string | null, attempts: number, lastError: string | null, createdAt: string, deadAt: string | null }> };

export type ResendMessageMutationVariables = Exact<{
  id: string;
}>;


export type ResendMessageMutation = { resendMessage: { id: string, kind: MessageKind, statusLabel: string } };

export type NotificationSettingRowFragment = { kind: MessageKind, label: string, mayOptOut: boolean, on: boolean, channels: Array<Channel> };

export type NotificationSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type NotificationSettingsQuery = { notificationSettings: Array<{ kind: MessageKind, label: string, mayOptOut: boolean, on: boolean, channels: Array<Channel> }> };

export type SetNotificationOptOutMutationVariables = Exact<{
  kind: MessageKind;
  off: boolean;
}>;


export type SetNotificationOptOutMutation = { setNotificationOptOut: Array<{ kind: MessageKind, label: string, mayOptOut: boolean, on: boolean, channels: Array<Channel> }> };

export type MyContactQueryVariables = Exact<{ [key: string]: never; }>;


export type MyContactQuery = { me: { id: string, email: string | null, locale: string | null } };

export type UpdateMyContactMutationVariables = Exact<{
  email?: string | null | undefined;
  locale?: string | null | undefined;
}>;


export type UpdateMyContactMutation = { updateMyContact: { id: string, email: string | null, locale: string | null } };

export type SurgesNowQueryVariables = Exact<{ [key: string]: never; }>;


export type SurgesNowQuery = { surgesNow: Array<{ label: string, from: string, to: string, tiers: Array<string>, count: number }> };

export type CityOverviewQueryVariables = Exact<{
  month: string;
}>;


export type CityOverviewQuery = { cityOverview: { code: string, name: string, month: string, districts: Array<{ code: string, name: string, packName: string | null, closed: boolean, overdueElders: number, casesOpen: number, casesPastDue: number, minutesCredited: number, coverage: { elders: number, visitRate: number | null, contactRate: number | null } | null }> } };

export type DistrictPolicyQueryVariables = Exact<{
  districtCode: string;
}>;


export type DistrictPolicyQuery = { policyPacks: Array<{ id: string, name: string, document: string, reporting: PeriodKind, festivalNames: Array<string>, tiers: Array<{ id: string, label: string, whenWords: string, requirements: Array<{ label: string }> }> }>, districtPolicyHistory: Array<{ packId: string, effectiveFrom: string, note: string | null, chosenBy: string, chosenAt: string, pack: { name: string } | null }> };

export type DistrictChoosePackMutationVariables = Exact<{
  districtCode: string;
  packId: string;
  effectiveFrom: string;
  note?: string | null | undefined;
}>;


export type DistrictChoosePackMutation = { choosePolicyPack: { packId: string, effectiveFrom: string } };

export type DistrictAreaCoverageFragment = { code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null };

export type DistrictCoverageQueryVariables = Exact<{
  month: string;
  areaCode: string;
}>;


export type DistrictCoverageQuery = { coverage: { month: string, packId: string, total: { code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null }, towns: Array<{ code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null }>, villages: Array<{ code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null }>, closed: { knownAt: string, closedAt: string, how: string, closedBy: string, nowTowns: Array<{ code: string, name: string }>, nowVillages: Array<{ code: string, name: string }>, corrections: Array<{ elderId: string, elderName: string, villageCode: string, kind: CorrectionKind, kindLabel: string, what: string, by: string, why: string | null, at: string, reported: string, now: string }>, nowTotal: { code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null } } | null } | null };

export type DistrictCloseMonthMutationVariables = Exact<{
  districtCode: string;
  month: string;
}>;


export type DistrictCloseMonthMutation = { closeMonth: { month: string, knownAt: string } };

export type DistrictSpotCheckFragment = { id: string, month: string, visitorId: string, outcome: SpotCheckOutcome | null, note: string | null, record: { id: string, elderId: string, villageCode: string, visitorId: string, visitNo: number, startedAt: string, durationMinutes: number, mode: VisitMode | null, status: RecordStatus | null, body: string | null, signals: Array<{ kind: SignalKind | null, detail: string }> } };

export type DistrictSpotChecksQueryVariables = Exact<{
  month: string;
  districtCode: string;
}>;


export type DistrictSpotChecksQuery = { spotCheckSample: Array<{ id: string, month: string, visitorId: string, outcome: SpotCheckOutcome | null, note: string | null, record: { id: string, elderId: string, villageCode: string, visitorId: string, visitNo: number, startedAt: string, durationMinutes: number, mode: VisitMode | null, status: RecordStatus | null, body: string | null, signals: Array<{ kind: SignalKind | null, detail: string }> } }>, area: { children: Array<{ code: string, name: string, children: Array<{ code: string, name: string }> }> } | null };

export type DistrictDrawSpotChecksMutationVariables = Exact<{
  month: string;
  perVisitor: number;
}>;


export type DistrictDrawSpotChecksMutation = { drawSpotChecks: Array<{ id: string }> };

export type DistrictConcludeSpotCheckMutationVariables = Exact<{
  id: string;
  outcome: SpotCheckOutcome;
  note?: string | null | undefined;
}>;


export type DistrictConcludeSpotCheckMutation = { concludeSpotCheck: { id: string, month: string, visitorId: string, outcome: SpotCheckOutcome | null, note: string | null, record: { id: string, elderId: string, villageCode: string, visitorId: string, visitNo: number, startedAt: string, durationMinutes: number, mode: VisitMode | null, status: RecordStatus | null, body: string | null, signals: Array<{ kind: SignalKind | null, detail: string }> } } };

export type DistrictSurgesQueryVariables = Exact<{
  areaCode: string;
}>;


export type DistrictSurgesQuery = { surges: Array<{ id: string, kind: SurgeKind | null, label: string, areaCode: string, elderId: string | null, elderName: string | null, startsOn: string, endsOn: string, tiers: Array<string>, count: number, modes: Array<VisitMode>, declaredAt: string, withdrawnAt: string | null, withdrawalReason: string | null }>, districtPolicyHistory: Array<{ effectiveFrom: string, pack: { tiers: Array<{ id: string, label: string }> } | null }>, area: { code: string, name: string, children: Array<{ code: string, name: string }> } | null };

export type DistrictDeclareSurgeMutationVariables = Exact<{
  input: SurgeInput;
}>;


export type DistrictDeclareSurgeMutation = { declareSurge: { id: string, label: string } };

export type DistrictWithdrawSurgeMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type DistrictWithdrawSurgeMutation = { withdrawSurge: { id: string, label: string, withdrawnAt: string | null } };

export type FamilyPageQueryVariables = Exact<{ [key: string]: never; }>;


export type FamilyPageQuery = { myElder: { name: string, visits: Array<{ visitNo: number, startedAt: string, mode: VisitMode, status: RecordStatus, visitorName: string }>, contact: { name: string, roleLabel: string, paired: boolean, phone: string | null, phoneMasked: string | null } | null } | null };

export type OfficeFormInfoFragment = { form: FormCode, title: string, attachmentNo: number };

export type OfficeFormsQueryVariables = Exact<{
  code: string;
}>;


export type OfficeFormsQuery = { area: { code: string, name: string, forms: { source: string | null, handInMonths: Array<number>, ledger: { form: FormCode, title: string, attachmentNo: number } | null, registration: { form: FormCode, title: string, attachmentNo: number } | null, handIn: Array<{ form: FormCode, title: string, attachmentNo: number }> } } | null };

export type MyOrganisationsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyOrganisationsQuery = { myOrganisations: Array<{ isAdmin: boolean, organisation: { id: string, kind: OrganisationKind, name: string, areaCode: string, areaName: string | null, members: Array<{ userId: string, displayName: string, isAdmin: boolean }> | null, contracts: Array<{ id: string, areaName: string | null, startsOn: string, endsOn: string, promisedVisits: number, promisedMinutes: number }> | null } }> };

export type OrganisationDetailFragment = { id: string, kind: OrganisationKind, name: string, areaCode: string, areaName: string | null, members: Array<{ userId: string, displayName: string, isAdmin: boolean }> | null, contracts: Array<{ id: string, areaName: string | null, startsOn: string, endsOn: string, promisedVisits: number, promisedMinutes: number }> | null };

export type OrganisationStatementQueryVariables = Exact<{
  contractId: string;
  month: string;
}>;


export type OrganisationStatementQuery = { contractStatement: { month: string, promisedVisits: number, promisedMinutes: number, visits: number, minutes: number, elders: number, returnedOrRejected: number, spotChecked: number, spotFailed: number } };

export type OrganisationAddMemberMutationVariables = Exact<{
  organisationId: string;
  account: string;
}>;


export type OrganisationAddMemberMutation = { addOrganisationMember: Array<{ userId: string }> };

export type OrganisationSetMemberMutationVariables = Exact<{
  organisationId: string;
  userId: string;
  member: boolean;
  admin?: boolean | null | undefined;
}>;


export type OrganisationSetMemberMutation = { setOrganisationMember: Array<{ userId: string }> };

export type OrganisationsInAreaQueryVariables = Exact<{
  areaCode: string;
}>;


export type OrganisationsInAreaQuery = { organisations: Array<{ id: string, kind: OrganisationKind, name: string, areaCode: string, areaName: string | null, members: Array<{ userId: string, displayName: string, isAdmin: boolean }> | null, contracts: Array<{ id: string, areaName: string | null, startsOn: string, endsOn: string, promisedVisits: number, promisedMinutes: number }> | null }>, area: { code: string, name: string, children: Array<{ code: string, name: string, children: Array<{ code: string, name: string }> }> } | null };

export type OrganisationsCreateMutationVariables = Exact<{
  kind: OrganisationKind;
  name: string;
  areaCode: string;
}>;


export type OrganisationsCreateMutation = { createOrganisation: { id: string, name: string } };

export type OrganisationsSignContractMutationVariables = Exact<{
  organisationId: string;
  areaCode: string;
  startsOn: string;
  endsOn: string;
  promisedVisits: number;
  promisedMinutes: number;
}>;


export type OrganisationsSignContractMutation = { signServiceContract: { id: string } };

export type OrganizerCareGiversQueryVariables = Exact<{
  elderId?: string | null | undefined;
}>;


export type OrganizerCareGiversQuery = { careGiverChoices: Array<{ id: string, name: string }> };

export type OrganizerCareKindsQueryVariables = Exact<{
  elderId: string;
}>;


export type OrganizerCareKindsQuery = { careKinds: Array<{ kind: CareKind | null, otherKind: string | null, name: string, earnsTime: boolean }> };

export type OrganizerElderCareQueryVariables = Exact<{
  elderId: string;
}>;


export type OrganizerElderCareQuery = { elderCareServices: Array<{ id: string, service: string, kind: CareKind | null, minutes: number, givenAt: string, elderConfirmation: ElderConfirmationMethod | null, providerName: string | null, creditedMinutes: number | null }> };

export type OrganizerRecordCareMutationVariables = Exact<{
  id: string;
  elderId: string;
  kind?: CareKind | null | undefined;
  otherKind?: string | null | undefined;
  providerId: string;
  givenAt: string;
  minutes: number;
  confirmation: ElderConfirmationMethod;
}>;


export type OrganizerRecordCareMutation = { recordCareService: { creditedMinutes: number, service: { id: string } } };

export type OrganizerElderContactQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerElderContactQuery = { elder: { id: string, lastContactAt: string | null, lostSince: string | null, attemptsSinceContact: Array<{ id: string, attemptedAt: string, mode: AttemptMode, reason: AttemptReason, note: string | null, releasedSlot: boolean }> } | null };

export type OrganizerRecordAttemptMutationVariables = Exact<{
  elderId: string;
  mode: AttemptMode;
  reason: AttemptReason;
  note?: string | null | undefined;
}>;


export type OrganizerRecordAttemptMutation = { recordContactAttempt: { attempt: { id: string } } };

export type OrganizerCorrectionInboxQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizerCorrectionInboxQuery = { serviceCorrectionInbox: Array<{ id: string, visitorName: string | null, visitStartedAt: string | null, recordedMinutes: number, requestedMinutes: number, reason: string, status: CorrectionStatus, decisionReason: string | null }> };

export type OrganizerDecideCorrectionMutationVariables = Exact<{
  id: string;
  accept: boolean;
  reason?: string | null | undefined;
}>;


export type OrganizerDecideCorrectionMutation = { decideServiceCorrection: { id: string, status: CorrectionStatus } };

export type OrganizerEldersNeedingCheckQueryVariables = Exact<{
  areaCode: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OrganizerEldersNeedingCheckQuery = { eldersNeedingCheck: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { reason: string, elder: { id: string, name: string, village: { name: string } | null } } }> } };

export type OrganizerElderQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerElderQuery = { elder: { id: string, name: string, sex: Sex | null, age: number, birthDate: string, idNumber: string, phone: string | null, residenceAddress: string, abilityLevel: AbilityLevel | null, livingArrangement: LivingArrangement | null, economicStatus: EconomicStatus | null, riskLevel: RiskLevel | null, consent: ConsentStatus | null, serviceStatus: ServiceStatus | null, serviceStatusSince: string, categories: Array<Category>, disabilityCertificateNo: string | null, nextReviewDue: string, village: { name: string, forms: { registration: { form: FormCode, title: string } | null } } | null, emergencyContacts: Array<{ order: number, name: string, relation: string, phone: string }>, familyMembers: Array<{ name: string, relation: string, phone: string | null }> } | null };

export type OrganizerElderAuditQueryVariables = Exact<{
  objectId: string;
}>;


export type OrganizerElderAuditQuery = { auditLog: Array<{ cursor: string, at: string, action: string, actorRole: string, reason: string | null }> };

export type OrganizerElderVisitsQueryVariables = Exact<{
  elderId: string;
}>;


export type OrganizerElderVisitsQuery = { elderVisitHistory: { edges: Array<{ node: { id: string, visitNo: number, startedAt: string, mode: VisitMode | null, status: RecordStatus | null } }> } };

export type OrganizerUnmaskElderMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type OrganizerUnmaskElderMutation = { unmaskElder: { idNumber: string, phone: string | null, emergencyContactPhones: Array<string>, disabilityCertificateNo: string | null } };

export type OrganizerElderStatusQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerElderStatusQuery = { elder: { id: string, version: number, serviceStatus: ServiceStatus | null, serviceStatusSince: string, nextReviewDue: string, statusHistory: Array<{ status: ServiceStatus | null, effectiveOn: string, note: string | null }>, reviews: Array<{ id: string, reviewedOn: string, reviewer: string, note: string | null }> } | null };

export type OrganizerChangeElderStatusMutationVariables = Exact<{
  id: string;
  version: number;
  status: ServiceStatus;
  effectiveOn: string;
  note?: string | null | undefined;
}>;


export type OrganizerChangeElderStatusMutation = { changeElderStatus: { id: string, version: number } };

export type OrganizerRecordElderReviewMutationVariables = Exact<{
  id: string;
  reviewedOn: string;
  reviewer: string;
  note?: string | null | undefined;
}>;


export type OrganizerRecordElderReviewMutation = { recordElderReview: { id: string } };

export type OrganizerCreateElderMutationVariables = Exact<{
  input: ElderFileInput;
}>;


export type OrganizerCreateElderMutation = { createElder: { id: string } };

export type OrganizerElderFileQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerElderFileQuery = { elder: { id: string, version: number, name: string, idNumber: string, birthDate: string, sex: Sex | null, phone: string | null, villageCode: string, residenceAddress: string, householdVillageCode: string | null, householdAddress: string | null, urbanRural: UrbanRural | null, abilityLevel: AbilityLevel | null, diseaseHistory: string | null, hasDementia: boolean | null, hasSeriousIllness: boolean | null, disabilityCertificateNo: string | null, disabilityGrade: number | null, economicStatus: EconomicStatus | null, hardshipSupport: HardshipSupport | null, monthlyIncomeYuan: number | null, pensionYuan: number | null, subsidies: string | null, livingArrangement: LivingArrangement | null, childrenAwayLocation: string | null, childrenAwaySince: string | null, childrenPlannedReturn: string | null, categories: Array<Category>, helpReceived: string | null, riskLevel: RiskLevel | null, riskAssessedOn: string | null, riskAssessor: string | null, consent: ConsentStatus | null, consentNote: string | null, consentRecordedOn: string | null, sharesWithFamily: boolean, familyMembers: Array<{ name: string, relation: string, health: string | null, phone: string | null, visitsOften: boolean, livesWith: boolean, birthDate: string | null, age: number | null, ageStatedOn: string | null, sex: Sex | null, abilityLevel: AbilityLevel | null, hasDementia: boolean | null, disabilityGrade: number | null }>, emergencyContacts: Array<{ order: number, name: string, relation: string, phone: string }> } | null };

export type OrganizerUpdateElderMutationVariables = Exact<{
  id: string;
  version: number;
  input: ElderFileInput;
  effectiveFrom?: string | null | undefined;
  reason?: string | null | undefined;
}>;


export type OrganizerUpdateElderMutation = { updateElder: { id: string, version: number } };

export type OrganizerAreaQueryVariables = Exact<{
  code: string;
}>;


export type OrganizerAreaQuery = { area: { code: string, name: string, level: AreaLevel | null, children: Array<{ code: string, name: string }> } | null };

export type OrganizerEldersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ElderFilterInput | null | undefined;
}>;


export type OrganizerEldersQuery = { elders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, sex: Sex | null, age: number, idNumber: string, phone: string | null, serviceStatus: ServiceStatus | null, categories: Array<Category>, riskLevel: RiskLevel | null, village: { name: string } | null } }> } };

export type OrganizerElderFactsQueryVariables = Exact<{
  elderId: string;
}>;


export type OrganizerElderFactsQuery = { elderFactTimeline: { spans: Array<{ from: string, until: string | null, tier: string | null, changed: Array<FactField>, values: Array<{ field: FactField, label: string, value: string }> }>, changes: Array<{ effectiveFrom: string, recordedAt: string, recordedBy: string, reason: string | null, backdated: boolean, values: Array<{ field: FactField, label: string, value: string }> }> } };

export type OrganizerCoverageQueryVariables = Exact<{
  month: string;
  areaCode: string;
}>;


export type OrganizerCoverageQuery = { coverage: { month: string, packId: string, total: { code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null }, villages: Array<{ code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null }>, closed: { knownAt: string, closedAt: string, how: string, closedBy: string, nowVillages: Array<{ code: string, name: string }>, corrections: Array<{ elderId: string, elderName: string, villageCode: string, kind: CorrectionKind, kindLabel: string, what: string, by: string, why: string | null, at: string, reported: string, now: string }>, nowTotal: { code: string, name: string, elders: number, met: number, due: number, overdue: number, visitRate: number | null, contacted: number, contactRate: number | null } } | null } | null };

export type OrganizerOverdueQueryVariables = Exact<{
  month: string;
  areaCode: string;
  first?: number | null | undefined;
}>;


export type OrganizerOverdueQuery = { overdueElders: { totalCount: number, edges: Array<{ node: { daysOverdue: number, elder: { id: string, name: string, village: { name: string } | null }, overdueItems: Array<{ label: string, dueBy: string }> } }> } };

export type OrganizerUncoveredQueryVariables = Exact<{
  month: string;
  areaCode: string;
}>;


export type OrganizerUncoveredQuery = { planProposal: { uncoveredSlotIds: Array<string>, shortfall: Array<{ villageCode: string, slots: number, elderNames: Array<string> }>, assignments: Array<{ slotId: string }> } };

export type DeskResponsibleContactQueryVariables = Exact<{
  elderId: string;
}>;


export type DeskResponsibleContactQuery = { responsibleContact: { userId: string, name: string, role: Role, phoneMasked: string | null, paired: boolean, note: string | null } | null };

export type DeskPairElderMutationVariables = Exact<{
  elderId: string;
  contactUserId: string;
  note?: string | null | undefined;
}>;


export type DeskPairElderMutation = { pairElder: { userId: string, name: string } };

export type OrganizerGenerateSlotsMutationVariables = Exact<{
  month: string;
  areaCode: string;
}>;


export type OrganizerGenerateSlotsMutation = { generateSlots: { wanted: number, created: number, cancelled: number } };

export type OrganizerPlanQueryVariables = Exact<{
  month: string;
  areaCode: string;
}>;


export type OrganizerPlanQuery = { planProposal: { uncoveredSlotIds: Array<string>, totalCost: number, assignments: Array<{ slotId: string, visitorId: string, distanceM: number, distanceEstimated: boolean, continuity: boolean }>, shortfall: Array<{ villageCode: string, slots: number }> } };

export type OrganizerAcceptPlanMutationVariables = Exact<{
  assignments: Array<PlanAssignmentInput> | PlanAssignmentInput;
}>;


export type OrganizerAcceptPlanMutation = { acceptPlan: Array<{ slotId: string, visitorId: string, refused: string | null }> };

export type OrganizerIssuedProofsQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizerIssuedProofsQuery = { issuedServiceProofs: Array<{ id: string, number: string, visitorName: string | null, periodFrom: string, periodTo: string, services: number, minutes: number, content: string, issuedAt: string, printUrl: string }> };

export type OrganizerIssueProofMutationVariables = Exact<{
  visitorId: string;
  from: string;
  to: string;
}>;


export type OrganizerIssueProofMutation = { issueServiceProof: { id: string, number: string } };

export type OrganizerRecordQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerRecordQuery = { visitRecord: { id: string, recordNo: string, elderId: string, villageCode: string, visitorId: string, visitNo: number, startedAt: string, endedAt: string, durationMinutes: number, mode: VisitMode | null, status: RecordStatus | null, reviewComment: string | null, reviewedAt: string | null, submittedAt: string, version: number, full: boolean, body: string | null, signals: Array<{ kind: SignalKind | null, detail: string, otherRecordId: string | null }>, cases: Array<{ id: string, kind: RiskKind | null, severity: Severity | null, status: CaseStatus | null }> } };

export type OrganizerRecordFormQueryVariables = Exact<{
  code: string;
}>;


export type OrganizerRecordFormQuery = { area: { forms: { record: { form: FormCode, title: string } | null } } | null };

export type OrganizerReviewRecordMutationVariables = Exact<{
  id: string;
  decision: ReviewDecision;
  comment?: string | null | undefined;
  version: number;
}>;


export type OrganizerReviewRecordMutation = { reviewVisitRecord: { id: string, status: RecordStatus | null, version: number, reviewComment: string | null } };

export type OrganizerReviewQueueQueryVariables = Exact<{
  areaCode?: string | null | undefined;
}>;


export type OrganizerReviewQueueQuery = { visitRecords: { edges: Array<{ node: { id: string, recordNo: string, elderId: string, villageCode: string, visitorId: string, visitNo: number, startedAt: string, durationMinutes: number, mode: VisitMode | null, submittedAt: string, body: string | null, signals: Array<{ kind: SignalKind | null }> } }>, pageInfo: { hasNextPage: boolean } } };

export type OrganizerElderNameQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerElderNameQuery = { elder: { id: string, name: string } | null };

export type OrganizerReviewsDueQueryVariables = Exact<{
  areaCode: string;
}>;


export type OrganizerReviewsDueQuery = { reviewsDue: Array<{ elderId: string, name: string, villageCode: string, dueOn: string, overdue: boolean }> };

export type OrganizerRiskCaseQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerRiskCaseQuery = { riskCase: { id: string, elderId: string, villageCode: string, recordId: string | null, kind: RiskKind | null, severity: Severity | null, evidence: string, status: CaseStatus | null, ownerId: string | null, ownerName: string | null, openedAt: string, dueAt: string, overdue: boolean, closedAt: string | null, closingNote: string | null, version: number, followUps: Array<{ id: string, visitNo: number, startedAt: string, mode: VisitMode | null, status: RecordStatus | null }>, referrals: Array<{ id: string, target: ReferralTarget | null, detail: string, urgent: boolean, status: ReferralStatus | null, statusNote: string | null, updatedAt: string, version: number }>, possibleOwners: Array<{ id: string, name: string, role: Role }>, notifications: Array<{ channel: string, recipientKind: string, recipientName: string, recipientMasked: string | null, body: string, createdAt: string, sentAt: string | null }> } };

export type OrganizerAssignCaseMutationVariables = Exact<{
  id: string;
  ownerId: string;
  version: number;
}>;


export type OrganizerAssignCaseMutation = { assignCase: { id: string, ownerId: string | null, version: number } };

export type OrganizerAddReferralMutationVariables = Exact<{
  caseId: string;
  target: ReferralTarget;
  detail: string;
  urgent?: boolean | null | undefined;
  caseVersion: number;
}>;


export type OrganizerAddReferralMutation = { addReferral: { id: string } };

export type OrganizerUpdateReferralMutationVariables = Exact<{
  id: string;
  status: ReferralStatus;
  note?: string | null | undefined;
  version: number;
}>;


export type OrganizerUpdateReferralMutation = { updateReferral: { id: string, status: ReferralStatus | null, statusNote: string | null, version: number } };

export type OrganizerCloseCaseMutationVariables = Exact<{
  id: string;
  note: string;
  version: number;
}>;


export type OrganizerCloseCaseMutation = { closeCase: { id: string, status: CaseStatus | null, closingNote: string | null, version: number } };

export type OrganizerRiskCasesQueryVariables = Exact<{
  areaCode: string;
}>;


export type OrganizerRiskCasesQuery = { riskCases: Array<{ id: string, elderId: string, elderName: string | null, villageCode: string, recordId: string | null, kind: RiskKind | null, severity: Severity | null, status: CaseStatus | null, ownerId: string | null, ownerName: string | null, openedAt: string, dueAt: string, overdue: boolean, closedAt: string | null }> };

export type DeskAssignSlotMutationVariables = Exact<{
  slotId: string;
  visitorId: string;
  coVisitorId?: string | null | undefined;
}>;


export type DeskAssignSlotMutation = { assignSlot: { id: string, label: string, windowFrom: string, windowTo: string, holderId: string | null } };

export type DeskNoShowsQueryVariables = Exact<{
  month: string;
  areaCode: string;
}>;


export type DeskNoShowsQuery = { noShowSlots: Array<{ id: string, villageCode: string, label: string, windowFrom: string, windowTo: string, holderId: string | null, elder: { name: string } | null }> };

export type OrganizerRecordTrainingMutationVariables = Exact<{
  input: TrainingSessionInput;
}>;


export type OrganizerRecordTrainingMutation = { recordTrainingSession: { id: string, topic: string, heldOn: string, minutes: number, place: string, office: string } };

export type OrganizerVolunteerRecordQueryVariables = Exact<{
  id: string;
}>;


export type OrganizerVolunteerRecordQuery = { volunteerRecord: { trainingRequired: boolean, trained: boolean, trainings: Array<{ id: string, topic: string, heldOn: string, minutes: number, place: string, office: string }>, commendations: Array<{ id: string, title: string, awardedOn: string, reason: string | null, office: string }>, evaluations: Array<{ id: string, period: string, gradeLabel: string, comment: string | null, office: string }> } };

export type OrganizerCommendVolunteerMutationVariables = Exact<{
  id: string;
  title: string;
  on: string;
  reason?: string | null | undefined;
}>;


export type OrganizerCommendVolunteerMutation = { commendVolunteer: { id: string } };

export type OrganizerEvaluateVolunteerMutationVariables = Exact<{
  id: string;
  period: string;
  grade: Grade;
  comment?: string | null | undefined;
}>;


export type OrganizerEvaluateVolunteerMutation = { evaluateVolunteer: { id: string } };

export type VolunteerPeriodFragment = { visitorId: string, name: string, kind: VisitorKind | null, visits: number, minutes: number, careServices: number, noShows: number, trainings: number, lastActive: string | null };

export type OrganizerVolunteerOverviewQueryVariables = Exact<{
  area: string;
  period: string;
  sortBy?: VolunteerSort | null | undefined;
}>;


export type OrganizerVolunteerOverviewQuery = { volunteerOverview: Array<{ visitorId: string, name: string, kind: VisitorKind | null, visits: number, minutes: number, careServices: number, noShows: number, trainings: number, lastActive: string | null }> };

export type OrganisationMemberOverviewQueryVariables = Exact<{
  organisationId: string;
  period: string;
  sortBy?: VolunteerSort | null | undefined;
}>;


export type OrganisationMemberOverviewQuery = { organisationOverview: Array<{ visitorId: string, name: string, kind: VisitorKind | null, visits: number, minutes: number, careServices: number, noShows: number, trainings: number, lastActive: string | null }> };

export type OrganizerVisitorsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type OrganizerVisitorsQuery = { accounts: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, displayName: string, visitorKind: VisitorKind | null, areaCode: string | null, status: AccountStatus | null, phone: string | null, isMinor: boolean, approvedBy: string | null }> } };

export type OrganizerVisitorProfileQueryVariables = Exact<{
  userId: string;
}>;


export type OrganizerVisitorProfileQuery = { visitorProfile: { organisationKind: OrganisationKind | null, organisationName: string | null, homeVillageCode: string, capacityPerMonth: number, weekdays: Array<number>, skills: Array<string>, languages: Array<string>, droppedOutOn: string | null } | null };

export type OrganizerApproveVisitorMutationVariables = Exact<{
  id: string;
}>;


export type OrganizerApproveVisitorMutation = { approveVisitor: { id: string, status: AccountStatus | null } };

export type OrganizerSuspendVisitorMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type OrganizerSuspendVisitorMutation = { suspendVisitor: { id: string, status: AccountStatus | null } };

export type OrganizerReinstateVisitorMutationVariables = Exact<{
  id: string;
}>;


export type OrganizerReinstateVisitorMutation = { reinstateVisitor: { id: string, status: AccountStatus | null } };

export type OrganizerDropOutVisitorMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type OrganizerDropOutVisitorMutation = { dropOutVisitor: Array<string> };

export type OrganizerNoShowsQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizerNoShowsQuery = { noShowsByVisitor: Array<{ visitorId: string, inPeriod: number, limit: number, days: number, capacityPerMonth: number | null, reducedFrom: number | null, noShows: Array<{ windowTo: string, villageCode: string, elder: string, label: string }> }> };

export type OrganizerRestoreCapacityMutationVariables = Exact<{
  id: string;
}>;


export type OrganizerRestoreCapacityMutation = { restoreVisitorCapacity: { capacityPerMonth: number } };

export type DeskActiveAccountsQueryVariables = Exact<{
  role: Role;
  after?: string | null | undefined;
}>;


export type DeskActiveAccountsQuery = { accounts: { nodes: Array<{ id: string, displayName: string, role: Role | null, areaCode: string | null, isMinor: boolean }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type OrganizerAccountsQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizerAccountsQuery = { accounts: { nodes: Array<{ id: string, displayName: string, username: string, role: Role | null, areaCode: string | null, status: AccountStatus | null }> } };

export type OrganizerOpenSlotsQueryVariables = Exact<{
  month: string;
  areaCode: string;
  first: number;
  after?: string | null | undefined;
}>;


export type OrganizerOpenSlotsQuery = { visitSlots: Array<{ id: string, elderId: string, villageCode: string, label: string, seq: number, modes: Array<VisitMode>, windowFrom: string, windowTo: string, elder: { name: string } | null }> };

export type SchoolCertificatesQueryVariables = Exact<{
  term: string;
}>;


export type SchoolCertificatesQuery = { serviceCertificates: Array<{ id: string, studentId: string, term: string, decision: CertificationDecision | null, recordedMinutes: number, certifiedMinutes: number, credit: number, comment: string | null, certificateNo: string | null, certificatePath: string | null, certifiedAt: string }>, schoolServiceHours: Array<{ studentId: string, studentName: string }> };

export type SchoolCertifyMutationVariables = Exact<{
  accountId: string;
  decision: CertificationDecision;
  certifiedMinutes?: number | null | undefined;
  comment?: string | null | undefined;
}>;


export type SchoolCertifyMutation = { certifyServiceHours: { id: string, decision: CertificationDecision | null, certifiedMinutes: number, credit: number, certificateNo: string | null } };

export type SchoolSetCreditRuleMutationVariables = Exact<{
  minutesPerCredit: number;
}>;


export type SchoolSetCreditRuleMutation = { setSchoolCreditRule: number };

export type SchoolHoursQueryVariables = Exact<{
  term: string;
}>;


export type SchoolHoursQuery = { schoolServiceHours: Array<{ accountId: string, studentId: string, studentName: string, recordedMinutes: number, certification: { id: string, decision: CertificationDecision | null, certifiedMinutes: number, credit: number, certificateNo: string | null } | null }> };

export type SchoolStudentsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SchoolStudentsQuery = { accounts: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, username: string, displayName: string, role: Role | null, status: AccountStatus | null, isMinor: boolean, idNumber: string | null, guardianName: string | null, guardianConsentOn: string | null, createdAt: string }> } };

export type SchoolRegisterStudentMutationVariables = Exact<{
  input: StudentInput;
}>;


export type SchoolRegisterStudentMutation = { registerStudent: { id: string, displayName: string } };

export type SchoolMineQueryVariables = Exact<{ [key: string]: never; }>;


export type SchoolMineQuery = { mySchool: { id: string, name: string, areaCode: string, minutesPerCredit: number } | null };

export type SignUpAreasQueryVariables = Exact<{
  parentCode?: string | null | undefined;
}>;


export type SignUpAreasQuery = { signUpAreas: Array<{ code: string, name: string }> };

export type SignUpMutationVariables = Exact<{
  input: VisitorRegistrationInput;
}>;


export type SignUpMutation = { registerVisitor: { id: string } };

export type VolunteerCalendarFeedQueryVariables = Exact<{ [key: string]: never; }>;


export type VolunteerCalendarFeedQuery = { me: { id: string, calendarFeed: { since: string } | null } };

export type VolunteerRenewCalendarFeedMutationVariables = Exact<{ [key: string]: never; }>;


export type VolunteerRenewCalendarFeedMutation = { renewCalendarFeed: { url: string, since: string } };

export type VolunteerRevokeCalendarFeedMutationVariables = Exact<{ [key: string]: never; }>;


export type VolunteerRevokeCalendarFeedMutation = { revokeCalendarFeed: boolean };

export type VolunteerWhoAmIQueryVariables = Exact<{ [key: string]: never; }>;


export type VolunteerWhoAmIQuery = { me: { id: string, isMinor: boolean } };

export type VolunteerCoVisitorChoicesQueryVariables = Exact<{
  slotId: string;
}>;


export type VolunteerCoVisitorChoicesQuery = { coVisitorChoices: Array<{ id: string, maskedName: string, sameSchool: boolean, visitorKind: VisitorKind | null, phoneMasked: string | null }> };

export type MyCareEldersQueryVariables = Exact<{ [key: string]: never; }>;


export type MyCareEldersQuery = { myCareElders: Array<{ elderId: string, name: string, village: string }> };

export type MyCareKindsQueryVariables = Exact<{
  elderId: string;
}>;


export type MyCareKindsQuery = { careKinds: Array<{ kind: CareKind | null, otherKind: string | null, name: string, earnsTime: boolean }> };

export type RecordMyCareServiceMutationVariables = Exact<{
  id: string;
  elderId: string;
  kind?: CareKind | null | undefined;
  otherKind?: string | null | undefined;
  givenAt: string;
  minutes: number;
  code: string;
}>;


export type RecordMyCareServiceMutation = { recordMyCareService: { creditedMinutes: number, created: boolean } };

export type VolunteerLedgerAccountsQueryVariables = Exact<{ [key: string]: never; }>;


export type VolunteerLedgerAccountsQuery = { me: { id: string, mayRedeemHours: boolean }, myLedgerAccounts: Array<{ id: string, book: Book | null, kind: AccountKind | null, term: string | null, termLabel: string | null, balanceMinutes: number, creditsMinutes: number, debitsMinutes: number }> };

export type VolunteerStatementQueryVariables = Exact<{
  accountId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type VolunteerStatementQuery = { ledgerStatement: Array<{ id: string, kind: TransferKind | null, amountMinutes: number, recordId: string | null, memo: string | null, createdAt: string }> };

export type MyNoShowsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyNoShowsQuery = { myNoShows: { inPeriod: number, limit: number, days: number, capacityPerMonth: number | null, reducedFrom: number | null, reducedForNoShows: number | null, reducedForDays: number | null, noShows: Array<{ windowTo: string, village: string, elder: string, label: string }> } };

export type MyServiceProofsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyServiceProofsQuery = { myServiceProofs: Array<{ id: string, number: string, periodFrom: string, periodTo: string, content: string, minutes: number, printUrl: string }> };

export type VolunteerMyRecordQueryVariables = Exact<{ [key: string]: never; }>;


export type VolunteerMyRecordQuery = { myVolunteerRecord: { trainingRequired: boolean, trained: boolean, trainings: Array<{ id: string, topic: string, heldOn: string, minutes: number, place: string, office: string }>, commendations: Array<{ id: string, title: string, awardedOn: string, reason: string | null, office: string }>, evaluations: Array<{ id: string, period: string, gradeLabel: string, comment: string | null, office: string }> } };

export type VolunteerSlotContactQueryVariables = Exact<{
  slotId: string;
}>;


export type VolunteerSlotContactQuery = { slotContact: { slotId: string, elderName: string, phone: string | null, address: string | null, emergencyContactName: string | null, emergencyContactRelation: string | null, emergencyContactPhone: string | null } };

export type VolunteerContactAttemptMutationVariables = Exact<{
  elderId: string;
  slotId: string;
  mode: AttemptMode;
  reason: AttemptReason;
  note?: string | null | undefined;
  releaseSlot?: boolean | null | undefined;
}>;


export type VolunteerContactAttemptMutation = { recordContactAttempt: { attempt: { id: string, reason: AttemptReason, releasedSlot: boolean }, slot: { id: string, status: SlotStatus | null } | null } };

export type VolunteerScheduleQueryVariables = Exact<{ [key: string]: never; }>;


export type VolunteerScheduleQuery = { mySchedule: Array<{ id: string, elderId: string, villageCode: string, villageName: string | null, month: string, label: string, seq: number, modes: Array<VisitMode>, inPerson: boolean, needsProfessional: boolean, windowFrom: string, windowTo: string, status: SlotStatus | null, holderId: string | null, claimedAt: string | null, elder: { name: string, residenceAddress: string } | null }> };

export type VolunteerReleaseSlotMutationVariables = Exact<{
  slotId: string;
}>;


export type VolunteerReleaseSlotMutation = { releaseSlot: { id: string, elderId: string, villageCode: string, villageName: string | null, month: string, label: string, seq: number, modes: Array<VisitMode>, inPerson: boolean, needsProfessional: boolean, windowFrom: string, windowTo: string, status: SlotStatus | null, holderId: string | null, claimedAt: string | null, elder: { name: string, residenceAddress: string } | null } };

export type VolunteerMyRecordsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type VolunteerMyRecordsQuery = { visitRecords: { edges: Array<{ node: { id: string, submissionId: string, slotId: string | null, elderId: string, visitNo: number, mode: VisitMode | null, status: RecordStatus | null, startedAt: string, submittedAt: string } }> } };

export type MyServiceRecordQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type MyServiceRecordQuery = { myServiceRecord: Array<{ recordId: string | null, at: string, place: string, mode: VisitMode | null, coVisit: boolean, careKind: CareKind | null, content: string, minutes: number, organiser: string, mayCorrect: boolean, correction: { id: string, status: CorrectionStatus, requestedMinutes: number, decisionReason: string | null } | null }> };

export type RequestServiceCorrectionMutationVariables = Exact<{
  recordId: string;
  minutes: number;
  reason: string;
}>;


export type RequestServiceCorrectionMutation = { requestServiceCorrection: { id: string, status: CorrectionStatus } };

export type VolunteerSlotFragment = { id: string, elderId: string, villageCode: string, villageName: string | null, month: string, label: string, seq: number, modes: Array<VisitMode>, inPerson: boolean, needsProfessional: boolean, windowFrom: string, windowTo: string, status: SlotStatus | null, holderId: string | null, claimedAt: string | null, elder: { name: string, residenceAddress: string } | null };

export type VolunteerNearbySlotsQueryVariables = Exact<{
  days?: number | null | undefined;
  inPerson?: boolean | null | undefined;
  withinM?: number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type VolunteerNearbySlotsQuery = { nearbySlots: { totalCount: number, edges: Array<{ cursor: string, node: { distanceM: number | null, slot: { id: string, elderId: string, villageCode: string, villageName: string | null, month: string, label: string, seq: number, modes: Array<VisitMode>, inPerson: boolean, needsProfessional: boolean, windowFrom: string, windowTo: string, status: SlotStatus | null, holderId: string | null, claimedAt: string | null, elder: { name: string, residenceAddress: string } | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type VolunteerClaimSlotMutationVariables = Exact<{
  slotId: string;
  coVisitorId?: string | null | undefined;
}>;


export type VolunteerClaimSlotMutation = { claimSlot: { id: string, elderId: string, villageCode: string, villageName: string | null, month: string, label: string, seq: number, modes: Array<VisitMode>, inPerson: boolean, needsProfessional: boolean, windowFrom: string, windowTo: string, status: SlotStatus | null, holderId: string | null, claimedAt: string | null, elder: { name: string, residenceAddress: string } | null } };

export type TimeBankRecipientQueryVariables = Exact<{
  username: string;
  name: string;
}>;


export type TimeBankRecipientQuery = { timeBankRecipient: { id: string, name: string } };

export type GiftHoursMutationVariables = Exact<{
  transferId: string;
  toUserId: string;
  minutes: number;
  relation: string;
}>;


export type GiftHoursMutation = { giftHours: { id: string } };

export type DonateHoursMutationVariables = Exact<{
  transferId: string;
  minutes: number;
}>;


export type DonateHoursMutation = { donateHours: { id: string } };

export type RedeemHoursMutationVariables = Exact<{
  transferId: string;
  minutes: number;
  service: string;
  providerId?: string | null | undefined;
}>;


export type RedeemHoursMutation = { redeemHours: { id: string } };

export type VolunteerFormScalesQueryVariables = Exact<{
  slotId: string;
}>;


export type VolunteerFormScalesQuery = { visitFormScales: Array<{ item: string, scale: string }> };

export type VolunteerDraftsQueryVariables = Exact<{ [key: string]: never; }>;


export type VolunteerDraftsQuery = { myRecordDrafts: Array<{ submissionId: string, elderId: string, slotId: string | null, body: string, version: number, updatedAt: string }> };

export type VolunteerSaveDraftMutationVariables = Exact<{
  submissionId: string;
  elderId: string;
  slotId?: string | null | undefined;
  body: string;
  version?: number | null | undefined;
}>;


export type VolunteerSaveDraftMutation = { saveRecordDraft: { submissionId: string, version: number, updatedAt: string } };

export type VolunteerIssueCodeMutationVariables = Exact<{
  elderId: string;
}>;


export type VolunteerIssueCodeMutation = { issueElderCode: { sentTo: string, expiresAt: string } };

export type VolunteerSubmitVisitMutationVariables = Exact<{
  record: string;
}>;


export type VolunteerSubmitVisitMutation = { submitVisitRecord: { created: boolean, record: { id: string, submissionId: string, slotId: string | null, visitNo: number, status: RecordStatus | null, submittedAt: string } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionAccountFragmentDoc = new TypedDocumentString(`
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
  status
}
    `, {"fragmentName":"SessionAccount"}) as unknown as TypedDocumentString<SessionAccountFragment, unknown>;
export const ClosedMonthFiguresFragmentDoc = new TypedDocumentString(`
    fragment ClosedMonthFigures on ClosedMonth {
  knownAt
  closedAt
  how
  closedBy
  corrections {
    elderId
    elderName
    villageCode
    kind
    kindLabel
    what
    by
    why
    at
    reported
    now
  }
  nowTotal {
    code
    name
    elders
    met
    due
    overdue
    visitRate
    contacted
    contactRate
  }
}
    `, {"fragmentName":"ClosedMonthFigures"}) as unknown as TypedDocumentString<ClosedMonthFiguresFragment, unknown>;
export const NotificationSettingRowFragmentDoc = new TypedDocumentString(`
    fragment NotificationSettingRow on NotificationSetting {
  kind
  label
  mayOptOut
  on
  channels
}
    `, {"fragmentName":"NotificationSettingRow"}) as unknown as TypedDocumentString<NotificationSettingRowFragment, unknown>;
export const DistrictAreaCoverageFragmentDoc = new TypedDocumentString(`
    fragment DistrictAreaCoverage on AreaCoverage {
  code
  name
  elders
  met
  due
  overdue
  visitRate
  contacted
  contactRate
}
    `, {"fragmentName":"DistrictAreaCoverage"}) as unknown as TypedDocumentString<DistrictAreaCoverageFragment, unknown>;
export const DistrictSpotCheckFragmentDoc = new TypedDocumentString(`
    fragment DistrictSpotCheck on SpotCheck {
  id
  month
  visitorId
  outcome
  note
  record {
    id
    elderId
    villageCode
    visitorId
    visitNo
    startedAt
    durationMinutes
    mode
    status
    body
    signals {
      kind
      detail
    }
  }
}
    `, {"fragmentName":"DistrictSpotCheck"}) as unknown as TypedDocumentString<DistrictSpotCheckFragment, unknown>;
export const OfficeFormInfoFragmentDoc = new TypedDocumentString(`
    fragment OfficeFormInfo on FormInfo {
  form
  title
  attachmentNo
}
    `, {"fragmentName":"OfficeFormInfo"}) as unknown as TypedDocumentString<OfficeFormInfoFragment, unknown>;
export const OrganisationDetailFragmentDoc = new TypedDocumentString(`
    fragment OrganisationDetail on Organisation {
  id
  kind
  name
  areaCode
  areaName
  members {
    userId
    displayName
    isAdmin
  }
  contracts {
    id
    areaName
    startsOn
    endsOn
    promisedVisits
    promisedMinutes
  }
}
    `, {"fragmentName":"OrganisationDetail"}) as unknown as TypedDocumentString<OrganisationDetailFragment, unknown>;
export const VolunteerPeriodFragmentDoc = new TypedDocumentString(`
    fragment VolunteerPeriod on VolunteerSummary {
  visitorId
  name
  kind
  visits
  minutes
  careServices
  noShows
  trainings
  lastActive
}
    `, {"fragmentName":"VolunteerPeriod"}) as unknown as TypedDocumentString<VolunteerPeriodFragment, unknown>;
export const VolunteerSlotFragmentDoc = new TypedDocumentString(`
    fragment VolunteerSlot on VisitSlot {
  id
  elderId
  villageCode
  villageName
  month
  label
  seq
  modes
  inPerson
  needsProfessional
  windowFrom
  windowTo
  status
  holderId
  claimedAt
  elder {
    name
    residenceAddress
  }
}
    `, {"fragmentName":"VolunteerSlot"}) as unknown as TypedDocumentString<VolunteerSlotFragment, unknown>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    accessToken
    accessExpiresAt
    refreshToken
    account {
      ...SessionAccount
    }
  }
}
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
  status
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...SessionAccount
    visitorKind
    schoolId
    elderId
  }
}
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
  status
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const RefreshDocument = new TypedDocumentString(`
    mutation Refresh($refreshToken: String!) {
  refresh(refreshToken: $refreshToken) {
    accessToken
    accessExpiresAt
    refreshToken
    account {
      ...SessionAccount
    }
  }
}
    fragment SessionAccount on Account {
  id
  username
  displayName
  role
  areaCode
  status
}`) as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;
export const DeadLettersDocument = new TypedDocumentString(`
    query DeadLetters($first: Int, $after: String) {
  deadLetters(first: $first, after: $after) {
    id
    kind
    channel
    recipientKind
    recipientName
    recipientMasked
    attempts
    lastError
    createdAt
    deadAt
  }
}
    `) as unknown as TypedDocumentString<DeadLettersQuery, DeadLettersQueryVariables>;
export const ResendMessageDocument = new TypedDocumentString(`
    mutation ResendMessage($id: String!) {
  resendMessage(id: $id) {
    id
    kind
    statusLabel
  }
}
    `) as unknown as TypedDocumentString<ResendMessageMutation, ResendMessageMutationVariables>;
export const NotificationSettingsDocument = new TypedDocumentString(`
    query NotificationSettings {
  notificationSettings {
    ...NotificationSettingRow
  }
}
    fragment NotificationSettingRow on NotificationSetting {
  kind
  label
  mayOptOut
  on
  channels
}`) as unknown as TypedDocumentString<NotificationSettingsQuery, NotificationSettingsQueryVariables>;
export const SetNotificationOptOutDocument = new TypedDocumentString(`
    mutation SetNotificationOptOut($kind: MessageKind!, $off: Boolean!) {
  setNotificationOptOut(kind: $kind, off: $off) {
    ...NotificationSettingRow
  }
}
    fragment NotificationSettingRow on NotificationSetting {
  kind
  label
  mayOptOut
  on
  channels
}`) as unknown as TypedDocumentString<SetNotificationOptOutMutation, SetNotificationOptOutMutationVariables>;
export const MyContactDocument = new TypedDocumentString(`
    query MyContact {
  me {
    id
    email
    locale
  }
}
    `) as unknown as TypedDocumentString<MyContactQuery, MyContactQueryVariables>;
export const UpdateMyContactDocument = new TypedDocumentString(`
    mutation UpdateMyContact($email: String, $locale: String) {
  updateMyContact(email: $email, locale: $locale) {
    id
    email
    locale
  }
}
    `) as unknown as TypedDocumentString<UpdateMyContactMutation, UpdateMyContactMutationVariables>;
export const SurgesNowDocument = new TypedDocumentString(`
    query SurgesNow {
  surgesNow {
    label
    from
    to
    tiers
    count
  }
}
    `) as unknown as TypedDocumentString<SurgesNowQuery, SurgesNowQueryVariables>;
export const CityOverviewDocument = new TypedDocumentString(`
    query CityOverview($month: String!) {
  cityOverview(month: $month) {
    code
    name
    month
    districts {
      code
      name
      packName
      closed
      overdueElders
      casesOpen
      casesPastDue
      minutesCredited
      coverage {
        elders
        visitRate
        contactRate
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CityOverviewQuery, CityOverviewQueryVariables>;
export const DistrictPolicyDocument = new TypedDocumentString(`
    query DistrictPolicy($districtCode: String!) {
  policyPacks {
    id
    name
    document
    reporting
    festivalNames
    tiers {
      id
      label
      whenWords
      requirements {
        label
      }
    }
  }
  districtPolicyHistory(districtCode: $districtCode) {
    packId
    pack {
      name
    }
    effectiveFrom
    note
    chosenBy
    chosenAt
  }
}
    `) as unknown as TypedDocumentString<DistrictPolicyQuery, DistrictPolicyQueryVariables>;
export const DistrictChoosePackDocument = new TypedDocumentString(`
    mutation DistrictChoosePack($districtCode: String!, $packId: String!, $effectiveFrom: LocalDate!, $note: String) {
  choosePolicyPack(
    districtCode: $districtCode
    packId: $packId
    effectiveFrom: $effectiveFrom
    note: $note
  ) {
    packId
    effectiveFrom
  }
}
    `) as unknown as TypedDocumentString<DistrictChoosePackMutation, DistrictChoosePackMutationVariables>;
export const DistrictCoverageDocument = new TypedDocumentString(`
    query DistrictCoverage($month: String!, $areaCode: String!) {
  coverage(month: $month, areaCode: $areaCode) {
    month
    packId
    total {
      ...DistrictAreaCoverage
    }
    towns {
      ...DistrictAreaCoverage
    }
    villages {
      ...DistrictAreaCoverage
    }
    closed {
      ...ClosedMonthFigures
      nowTowns {
        code
        name
      }
      nowVillages {
        code
        name
      }
    }
  }
}
    fragment ClosedMonthFigures on ClosedMonth {
  knownAt
  closedAt
  how
  closedBy
  corrections {
    elderId
    elderName
    villageCode
    kind
    kindLabel
    what
    by
    why
    at
    reported
    now
  }
  nowTotal {
    code
    name
    elders
    met
    due
    overdue
    visitRate
    contacted
    contactRate
  }
}
fragment DistrictAreaCoverage on AreaCoverage {
  code
  name
  elders
  met
  due
  overdue
  visitRate
  contacted
  contactRate
}`) as unknown as TypedDocumentString<DistrictCoverageQuery, DistrictCoverageQueryVariables>;
export const DistrictCloseMonthDocument = new TypedDocumentString(`
    mutation DistrictCloseMonth($districtCode: String!, $month: String!) {
  closeMonth(districtCode: $districtCode, month: $month) {
    month
    knownAt
  }
}
    `) as unknown as TypedDocumentString<DistrictCloseMonthMutation, DistrictCloseMonthMutationVariables>;
export const DistrictSpotChecksDocument = new TypedDocumentString(`
    query DistrictSpotChecks($month: String!, $districtCode: String!) {
  spotCheckSample(month: $month) {
    ...DistrictSpotCheck
  }
  area(code: $districtCode) {
    children {
      code
      name
      children {
        code
        name
      }
    }
  }
}
    fragment DistrictSpotCheck on SpotCheck {
  id
  month
  visitorId
  outcome
  note
  record {
    id
    elderId
    villageCode
    visitorId
    visitNo
    startedAt
    durationMinutes
    mode
    status
    body
    signals {
      kind
      detail
    }
  }
}`) as unknown as TypedDocumentString<DistrictSpotChecksQuery, DistrictSpotChecksQueryVariables>;
export const DistrictDrawSpotChecksDocument = new TypedDocumentString(`
    mutation DistrictDrawSpotChecks($month: String!, $perVisitor: Int!) {
  drawSpotChecks(month: $month, perVisitor: $perVisitor) {
    id
  }
}
    `) as unknown as TypedDocumentString<DistrictDrawSpotChecksMutation, DistrictDrawSpotChecksMutationVariables>;
export const DistrictConcludeSpotCheckDocument = new TypedDocumentString(`
    mutation DistrictConcludeSpotCheck($id: String!, $outcome: SpotCheckOutcome!, $note: String) {
  concludeSpotCheck(id: $id, outcome: $outcome, note: $note) {
    ...DistrictSpotCheck
  }
}
    fragment DistrictSpotCheck on SpotCheck {
  id
  month
  visitorId
  outcome
  note
  record {
    id
    elderId
    villageCode
    visitorId
    visitNo
    startedAt
    durationMinutes
    mode
    status
    body
    signals {
      kind
      detail
    }
  }
}`) as unknown as TypedDocumentString<DistrictConcludeSpotCheckMutation, DistrictConcludeSpotCheckMutationVariables>;
export const DistrictSurgesDocument = new TypedDocumentString(`
    query DistrictSurges($areaCode: String!) {
  surges(areaCode: $areaCode) {
    id
    kind
    label
    areaCode
    elderId
    elderName
    startsOn
    endsOn
    tiers
    count
    modes
    declaredAt
    withdrawnAt
    withdrawalReason
  }
  districtPolicyHistory(districtCode: $areaCode) {
    effectiveFrom
    pack {
      tiers {
        id
        label
      }
    }
  }
  area(code: $areaCode) {
    code
    name
    children {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<DistrictSurgesQuery, DistrictSurgesQueryVariables>;
export const DistrictDeclareSurgeDocument = new TypedDocumentString(`
    mutation DistrictDeclareSurge($input: SurgeInput!) {
  declareSurge(input: $input) {
    id
    label
  }
}
    `) as unknown as TypedDocumentString<DistrictDeclareSurgeMutation, DistrictDeclareSurgeMutationVariables>;
export const DistrictWithdrawSurgeDocument = new TypedDocumentString(`
    mutation DistrictWithdrawSurge($id: String!, $reason: String!) {
  withdrawSurge(id: $id, reason: $reason) {
    id
    label
    withdrawnAt
  }
}
    `) as unknown as TypedDocumentString<DistrictWithdrawSurgeMutation, DistrictWithdrawSurgeMutationVariables>;
export const FamilyPageDocument = new TypedDocumentString(`
    query FamilyPage {
  myElder {
    name
    visits {
      visitNo
      startedAt
      mode
      status
      visitorName
    }
    contact {
      name
      roleLabel
      paired
      phone
      phoneMasked
    }
  }
}
    `) as unknown as TypedDocumentString<FamilyPageQuery, FamilyPageQueryVariables>;
export const OfficeFormsDocument = new TypedDocumentString(`
    query OfficeForms($code: String!) {
  area(code: $code) {
    code
    name
    forms {
      source
      ledger {
        ...OfficeFormInfo
      }
      registration {
        ...OfficeFormInfo
      }
      handInMonths
      handIn {
        ...OfficeFormInfo
      }
    }
  }
}
    fragment OfficeFormInfo on FormInfo {
  form
  title
  attachmentNo
}`) as unknown as TypedDocumentString<OfficeFormsQuery, OfficeFormsQueryVariables>;
export const MyOrganisationsDocument = new TypedDocumentString(`
    query MyOrganisations {
  myOrganisations {
    isAdmin
    organisation {
      ...OrganisationDetail
    }
  }
}
    fragment OrganisationDetail on Organisation {
  id
  kind
  name
  areaCode
  areaName
  members {
    userId
    displayName
    isAdmin
  }
  contracts {
    id
    areaName
    startsOn
    endsOn
    promisedVisits
    promisedMinutes
  }
}`) as unknown as TypedDocumentString<MyOrganisationsQuery, MyOrganisationsQueryVariables>;
export const OrganisationStatementDocument = new TypedDocumentString(`
    query OrganisationStatement($contractId: String!, $month: String!) {
  contractStatement(contractId: $contractId, month: $month) {
    month
    promisedVisits
    promisedMinutes
    visits
    minutes
    elders
    returnedOrRejected
    spotChecked
    spotFailed
  }
}
    `) as unknown as TypedDocumentString<OrganisationStatementQuery, OrganisationStatementQueryVariables>;
export const OrganisationAddMemberDocument = new TypedDocumentString(`
    mutation OrganisationAddMember($organisationId: String!, $account: String!) {
  addOrganisationMember(organisationId: $organisationId, account: $account) {
    userId
  }
}
    `) as unknown as TypedDocumentString<OrganisationAddMemberMutation, OrganisationAddMemberMutationVariables>;
export const OrganisationSetMemberDocument = new TypedDocumentString(`
    mutation OrganisationSetMember($organisationId: String!, $userId: String!, $member: Boolean!, $admin: Boolean) {
  setOrganisationMember(
    organisationId: $organisationId
    userId: $userId
    member: $member
    admin: $admin
  ) {
    userId
  }
}
    `) as unknown as TypedDocumentString<OrganisationSetMemberMutation, OrganisationSetMemberMutationVariables>;
export const OrganisationsInAreaDocument = new TypedDocumentString(`
    query OrganisationsInArea($areaCode: String!) {
  organisations(areaCode: $areaCode) {
    ...OrganisationDetail
  }
  area(code: $areaCode) {
    code
    name
    children {
      code
      name
      children {
        code
        name
      }
    }
  }
}
    fragment OrganisationDetail on Organisation {
  id
  kind
  name
  areaCode
  areaName
  members {
    userId
    displayName
    isAdmin
  }
  contracts {
    id
    areaName
    startsOn
    endsOn
    promisedVisits
    promisedMinutes
  }
}`) as unknown as TypedDocumentString<OrganisationsInAreaQuery, OrganisationsInAreaQueryVariables>;
export const OrganisationsCreateDocument = new TypedDocumentString(`
    mutation OrganisationsCreate($kind: OrganisationKind!, $name: String!, $areaCode: String!) {
  createOrganisation(kind: $kind, name: $name, areaCode: $areaCode) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<OrganisationsCreateMutation, OrganisationsCreateMutationVariables>;
export const OrganisationsSignContractDocument = new TypedDocumentString(`
    mutation OrganisationsSignContract($organisationId: String!, $areaCode: String!, $startsOn: LocalDate!, $endsOn: LocalDate!, $promisedVisits: Int!, $promisedMinutes: Int!) {
  signServiceContract(
    organisationId: $organisationId
    areaCode: $areaCode
    startsOn: $startsOn
    endsOn: $endsOn
    promisedVisits: $promisedVisits
    promisedMinutes: $promisedMinutes
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<OrganisationsSignContractMutation, OrganisationsSignContractMutationVariables>;
export const OrganizerCareGiversDocument = new TypedDocumentString(`
    query OrganizerCareGivers($elderId: String) {
  careGiverChoices(elderId: $elderId) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<OrganizerCareGiversQuery, OrganizerCareGiversQueryVariables>;
export const OrganizerCareKindsDocument = new TypedDocumentString(`
    query OrganizerCareKinds($elderId: String!) {
  careKinds(elderId: $elderId) {
    kind
    otherKind
    name
    earnsTime
  }
}
    `) as unknown as TypedDocumentString<OrganizerCareKindsQuery, OrganizerCareKindsQueryVariables>;
export const OrganizerElderCareDocument = new TypedDocumentString(`
    query OrganizerElderCare($elderId: String!) {
  elderCareServices(elderId: $elderId) {
    id
    service
    kind
    minutes
    givenAt
    elderConfirmation
    providerName
    creditedMinutes
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderCareQuery, OrganizerElderCareQueryVariables>;
export const OrganizerRecordCareDocument = new TypedDocumentString(`
    mutation OrganizerRecordCare($id: String!, $elderId: String!, $kind: CareKind, $otherKind: String, $providerId: String!, $givenAt: DateTime!, $minutes: Int!, $confirmation: ElderConfirmationMethod!) {
  recordCareService(
    id: $id
    elderId: $elderId
    kind: $kind
    otherKind: $otherKind
    providerId: $providerId
    givenAt: $givenAt
    minutes: $minutes
    confirmation: $confirmation
  ) {
    creditedMinutes
    service {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerRecordCareMutation, OrganizerRecordCareMutationVariables>;
export const OrganizerElderContactDocument = new TypedDocumentString(`
    query OrganizerElderContact($id: String!) {
  elder(id: $id) {
    id
    lastContactAt
    lostSince
    attemptsSinceContact {
      id
      attemptedAt
      mode
      reason
      note
      releasedSlot
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderContactQuery, OrganizerElderContactQueryVariables>;
export const OrganizerRecordAttemptDocument = new TypedDocumentString(`
    mutation OrganizerRecordAttempt($elderId: String!, $mode: AttemptMode!, $reason: AttemptReason!, $note: String) {
  recordContactAttempt(
    elderId: $elderId
    mode: $mode
    reason: $reason
    note: $note
  ) {
    attempt {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerRecordAttemptMutation, OrganizerRecordAttemptMutationVariables>;
export const OrganizerCorrectionInboxDocument = new TypedDocumentString(`
    query OrganizerCorrectionInbox {
  serviceCorrectionInbox {
    id
    visitorName
    visitStartedAt
    recordedMinutes
    requestedMinutes
    reason
    status
    decisionReason
  }
}
    `) as unknown as TypedDocumentString<OrganizerCorrectionInboxQuery, OrganizerCorrectionInboxQueryVariables>;
export const OrganizerDecideCorrectionDocument = new TypedDocumentString(`
    mutation OrganizerDecideCorrection($id: String!, $accept: Boolean!, $reason: String) {
  decideServiceCorrection(id: $id, accept: $accept, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<OrganizerDecideCorrectionMutation, OrganizerDecideCorrectionMutationVariables>;
export const OrganizerEldersNeedingCheckDocument = new TypedDocumentString(`
    query OrganizerEldersNeedingCheck($areaCode: String!, $first: Int, $after: String) {
  eldersNeedingCheck(areaCode: $areaCode, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        reason
        elder {
          id
          name
          village {
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerEldersNeedingCheckQuery, OrganizerEldersNeedingCheckQueryVariables>;
export const OrganizerElderDocument = new TypedDocumentString(`
    query OrganizerElder($id: String!) {
  elder(id: $id) {
    id
    name
    sex
    age
    birthDate
    idNumber
    phone
    residenceAddress
    village {
      name
      forms {
        registration {
          form
          title
        }
      }
    }
    abilityLevel
    livingArrangement
    economicStatus
    riskLevel
    consent
    serviceStatus
    serviceStatusSince
    categories
    disabilityCertificateNo
    nextReviewDue
    emergencyContacts {
      order
      name
      relation
      phone
    }
    familyMembers {
      name
      relation
      phone
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderQuery, OrganizerElderQueryVariables>;
export const OrganizerElderAuditDocument = new TypedDocumentString(`
    query OrganizerElderAudit($objectId: String!) {
  auditLog(first: 20, objectId: $objectId) {
    cursor
    at
    action
    actorRole
    reason
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderAuditQuery, OrganizerElderAuditQueryVariables>;
export const OrganizerElderVisitsDocument = new TypedDocumentString(`
    query OrganizerElderVisits($elderId: String!) {
  elderVisitHistory(elderId: $elderId, first: 10) {
    edges {
      node {
        id
        visitNo
        startedAt
        mode
        status
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderVisitsQuery, OrganizerElderVisitsQueryVariables>;
export const OrganizerUnmaskElderDocument = new TypedDocumentString(`
    mutation OrganizerUnmaskElder($id: String!, $reason: String!) {
  unmaskElder(id: $id, reason: $reason) {
    idNumber
    phone
    emergencyContactPhones
    disabilityCertificateNo
  }
}
    `) as unknown as TypedDocumentString<OrganizerUnmaskElderMutation, OrganizerUnmaskElderMutationVariables>;
export const OrganizerElderStatusDocument = new TypedDocumentString(`
    query OrganizerElderStatus($id: String!) {
  elder(id: $id) {
    id
    version
    serviceStatus
    serviceStatusSince
    nextReviewDue
    statusHistory {
      status
      effectiveOn
      note
    }
    reviews {
      id
      reviewedOn
      reviewer
      note
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderStatusQuery, OrganizerElderStatusQueryVariables>;
export const OrganizerChangeElderStatusDocument = new TypedDocumentString(`
    mutation OrganizerChangeElderStatus($id: String!, $version: Int!, $status: ServiceStatus!, $effectiveOn: LocalDate!, $note: String) {
  changeElderStatus(
    id: $id
    version: $version
    status: $status
    effectiveOn: $effectiveOn
    note: $note
  ) {
    id
    version
  }
}
    `) as unknown as TypedDocumentString<OrganizerChangeElderStatusMutation, OrganizerChangeElderStatusMutationVariables>;
export const OrganizerRecordElderReviewDocument = new TypedDocumentString(`
    mutation OrganizerRecordElderReview($id: String!, $reviewedOn: LocalDate!, $reviewer: String!, $note: String) {
  recordElderReview(
    id: $id
    reviewedOn: $reviewedOn
    reviewer: $reviewer
    note: $note
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<OrganizerRecordElderReviewMutation, OrganizerRecordElderReviewMutationVariables>;
export const OrganizerCreateElderDocument = new TypedDocumentString(`
    mutation OrganizerCreateElder($input: ElderFileInput!) {
  createElder(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<OrganizerCreateElderMutation, OrganizerCreateElderMutationVariables>;
export const OrganizerElderFileDocument = new TypedDocumentString(`
    query OrganizerElderFile($id: String!) {
  elder(id: $id) {
    id
    version
    name
    idNumber
    birthDate
    sex
    phone
    villageCode
    residenceAddress
    householdVillageCode
    householdAddress
    urbanRural
    abilityLevel
    diseaseHistory
    hasDementia
    hasSeriousIllness
    disabilityCertificateNo
    disabilityGrade
    economicStatus
    hardshipSupport
    monthlyIncomeYuan
    pensionYuan
    subsidies
    livingArrangement
    familyMembers {
      name
      relation
      health
      phone
      visitsOften
      livesWith
      birthDate
      age
      ageStatedOn
      sex
      abilityLevel
      hasDementia
      disabilityGrade
    }
    childrenAwayLocation
    childrenAwaySince
    childrenPlannedReturn
    emergencyContacts {
      order
      name
      relation
      phone
    }
    categories
    helpReceived
    riskLevel
    riskAssessedOn
    riskAssessor
    consent
    consentNote
    consentRecordedOn
    sharesWithFamily
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderFileQuery, OrganizerElderFileQueryVariables>;
export const OrganizerUpdateElderDocument = new TypedDocumentString(`
    mutation OrganizerUpdateElder($id: String!, $version: Int!, $input: ElderFileInput!, $effectiveFrom: LocalDate, $reason: String) {
  updateElder(
    id: $id
    version: $version
    input: $input
    effectiveFrom: $effectiveFrom
    reason: $reason
  ) {
    id
    version
  }
}
    `) as unknown as TypedDocumentString<OrganizerUpdateElderMutation, OrganizerUpdateElderMutationVariables>;
export const OrganizerAreaDocument = new TypedDocumentString(`
    query OrganizerArea($code: String!) {
  area(code: $code) {
    code
    name
    level
    children {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerAreaQuery, OrganizerAreaQueryVariables>;
export const OrganizerEldersDocument = new TypedDocumentString(`
    query OrganizerElders($first: Int, $after: String, $filter: ElderFilterInput) {
  elders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
        sex
        age
        idNumber
        phone
        serviceStatus
        categories
        riskLevel
        village {
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerEldersQuery, OrganizerEldersQueryVariables>;
export const OrganizerElderFactsDocument = new TypedDocumentString(`
    query OrganizerElderFacts($elderId: String!) {
  elderFactTimeline(elderId: $elderId) {
    spans {
      from
      until
      tier
      values {
        field
        label
        value
      }
      changed
    }
    changes {
      effectiveFrom
      recordedAt
      recordedBy
      reason
      backdated
      values {
        field
        label
        value
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderFactsQuery, OrganizerElderFactsQueryVariables>;
export const OrganizerCoverageDocument = new TypedDocumentString(`
    query OrganizerCoverage($month: String!, $areaCode: String!) {
  coverage(month: $month, areaCode: $areaCode) {
    month
    packId
    total {
      code
      name
      elders
      met
      due
      overdue
      visitRate
      contacted
      contactRate
    }
    villages {
      code
      name
      elders
      met
      due
      overdue
      visitRate
      contacted
      contactRate
    }
    closed {
      ...ClosedMonthFigures
      nowVillages {
        code
        name
      }
    }
  }
}
    fragment ClosedMonthFigures on ClosedMonth {
  knownAt
  closedAt
  how
  closedBy
  corrections {
    elderId
    elderName
    villageCode
    kind
    kindLabel
    what
    by
    why
    at
    reported
    now
  }
  nowTotal {
    code
    name
    elders
    met
    due
    overdue
    visitRate
    contacted
    contactRate
  }
}`) as unknown as TypedDocumentString<OrganizerCoverageQuery, OrganizerCoverageQueryVariables>;
export const OrganizerOverdueDocument = new TypedDocumentString(`
    query OrganizerOverdue($month: String!, $areaCode: String!, $first: Int) {
  overdueElders(month: $month, areaCode: $areaCode, first: $first) {
    totalCount
    edges {
      node {
        daysOverdue
        elder {
          id
          name
          village {
            name
          }
        }
        overdueItems {
          label
          dueBy
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerOverdueQuery, OrganizerOverdueQueryVariables>;
export const OrganizerUncoveredDocument = new TypedDocumentString(`
    query OrganizerUncovered($month: String!, $areaCode: String!) {
  planProposal(month: $month, areaCode: $areaCode) {
    uncoveredSlotIds
    shortfall {
      villageCode
      slots
      elderNames
    }
    assignments {
      slotId
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerUncoveredQuery, OrganizerUncoveredQueryVariables>;
export const DeskResponsibleContactDocument = new TypedDocumentString(`
    query DeskResponsibleContact($elderId: String!) {
  responsibleContact(elderId: $elderId) {
    userId
    name
    role
    phoneMasked
    paired
    note
  }
}
    `) as unknown as TypedDocumentString<DeskResponsibleContactQuery, DeskResponsibleContactQueryVariables>;
export const DeskPairElderDocument = new TypedDocumentString(`
    mutation DeskPairElder($elderId: String!, $contactUserId: String!, $note: String) {
  pairElder(elderId: $elderId, contactUserId: $contactUserId, note: $note) {
    userId
    name
  }
}
    `) as unknown as TypedDocumentString<DeskPairElderMutation, DeskPairElderMutationVariables>;
export const OrganizerGenerateSlotsDocument = new TypedDocumentString(`
    mutation OrganizerGenerateSlots($month: String!, $areaCode: String!) {
  generateSlots(month: $month, areaCode: $areaCode) {
    wanted
    created
    cancelled
  }
}
    `) as unknown as TypedDocumentString<OrganizerGenerateSlotsMutation, OrganizerGenerateSlotsMutationVariables>;
export const OrganizerPlanDocument = new TypedDocumentString(`
    query OrganizerPlan($month: String!, $areaCode: String!) {
  planProposal(month: $month, areaCode: $areaCode) {
    assignments {
      slotId
      visitorId
      distanceM
      distanceEstimated
      continuity
    }
    uncoveredSlotIds
    shortfall {
      villageCode
      slots
    }
    totalCost
  }
}
    `) as unknown as TypedDocumentString<OrganizerPlanQuery, OrganizerPlanQueryVariables>;
export const OrganizerAcceptPlanDocument = new TypedDocumentString(`
    mutation OrganizerAcceptPlan($assignments: [PlanAssignmentInput!]!) {
  acceptPlan(assignments: $assignments) {
    slotId
    visitorId
    refused
  }
}
    `) as unknown as TypedDocumentString<OrganizerAcceptPlanMutation, OrganizerAcceptPlanMutationVariables>;
export const OrganizerIssuedProofsDocument = new TypedDocumentString(`
    query OrganizerIssuedProofs {
  issuedServiceProofs {
    id
    number
    visitorName
    periodFrom
    periodTo
    services
    minutes
    content
    issuedAt
    printUrl
  }
}
    `) as unknown as TypedDocumentString<OrganizerIssuedProofsQuery, OrganizerIssuedProofsQueryVariables>;
export const OrganizerIssueProofDocument = new TypedDocumentString(`
    mutation OrganizerIssueProof($visitorId: String!, $from: LocalDate!, $to: LocalDate!) {
  issueServiceProof(visitorId: $visitorId, from: $from, to: $to) {
    id
    number
  }
}
    `) as unknown as TypedDocumentString<OrganizerIssueProofMutation, OrganizerIssueProofMutationVariables>;
export const OrganizerRecordDocument = new TypedDocumentString(`
    query OrganizerRecord($id: String!) {
  visitRecord(id: $id) {
    id
    recordNo
    elderId
    villageCode
    visitorId
    visitNo
    startedAt
    endedAt
    durationMinutes
    mode
    status
    reviewComment
    reviewedAt
    submittedAt
    version
    full
    body
    signals {
      kind
      detail
      otherRecordId
    }
    cases {
      id
      kind
      severity
      status
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerRecordQuery, OrganizerRecordQueryVariables>;
export const OrganizerRecordFormDocument = new TypedDocumentString(`
    query OrganizerRecordForm($code: String!) {
  area(code: $code) {
    forms {
      record {
        form
        title
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerRecordFormQuery, OrganizerRecordFormQueryVariables>;
export const OrganizerReviewRecordDocument = new TypedDocumentString(`
    mutation OrganizerReviewRecord($id: String!, $decision: ReviewDecision!, $comment: String, $version: Int!) {
  reviewVisitRecord(
    id: $id
    decision: $decision
    comment: $comment
    version: $version
  ) {
    id
    status
    version
    reviewComment
  }
}
    `) as unknown as TypedDocumentString<OrganizerReviewRecordMutation, OrganizerReviewRecordMutationVariables>;
export const OrganizerReviewQueueDocument = new TypedDocumentString(`
    query OrganizerReviewQueue($areaCode: String) {
  visitRecords(areaCode: $areaCode, status: SUBMITTED, first: 50) {
    edges {
      node {
        id
        recordNo
        elderId
        villageCode
        visitorId
        visitNo
        startedAt
        durationMinutes
        mode
        submittedAt
        body
        signals {
          kind
        }
      }
    }
    pageInfo {
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerReviewQueueQuery, OrganizerReviewQueueQueryVariables>;
export const OrganizerElderNameDocument = new TypedDocumentString(`
    query OrganizerElderName($id: String!) {
  elder(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<OrganizerElderNameQuery, OrganizerElderNameQueryVariables>;
export const OrganizerReviewsDueDocument = new TypedDocumentString(`
    query OrganizerReviewsDue($areaCode: String!) {
  reviewsDue(areaCode: $areaCode) {
    elderId
    name
    villageCode
    dueOn
    overdue
  }
}
    `) as unknown as TypedDocumentString<OrganizerReviewsDueQuery, OrganizerReviewsDueQueryVariables>;
export const OrganizerRiskCaseDocument = new TypedDocumentString(`
    query OrganizerRiskCase($id: String!) {
  riskCase(id: $id) {
    id
    elderId
    villageCode
    recordId
    kind
    severity
    evidence
    status
    ownerId
    ownerName
    openedAt
    dueAt
    overdue
    closedAt
    closingNote
    version
    followUps {
      id
      visitNo
      startedAt
      mode
      status
    }
    referrals {
      id
      target
      detail
      urgent
      status
      statusNote
      updatedAt
      version
    }
    possibleOwners {
      id
      name
      role
    }
    notifications {
      channel
      recipientKind
      recipientName
      recipientMasked
      body
      createdAt
      sentAt
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerRiskCaseQuery, OrganizerRiskCaseQueryVariables>;
export const OrganizerAssignCaseDocument = new TypedDocumentString(`
    mutation OrganizerAssignCase($id: String!, $ownerId: String!, $version: Int!) {
  assignCase(id: $id, ownerId: $ownerId, version: $version) {
    id
    ownerId
    version
  }
}
    `) as unknown as TypedDocumentString<OrganizerAssignCaseMutation, OrganizerAssignCaseMutationVariables>;
export const OrganizerAddReferralDocument = new TypedDocumentString(`
    mutation OrganizerAddReferral($caseId: String!, $target: ReferralTarget!, $detail: String!, $urgent: Boolean, $caseVersion: Int!) {
  addReferral(
    caseId: $caseId
    target: $target
    detail: $detail
    urgent: $urgent
    caseVersion: $caseVersion
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<OrganizerAddReferralMutation, OrganizerAddReferralMutationVariables>;
export const OrganizerUpdateReferralDocument = new TypedDocumentString(`
    mutation OrganizerUpdateReferral($id: String!, $status: ReferralStatus!, $note: String, $version: Int!) {
  updateReferral(id: $id, status: $status, note: $note, version: $version) {
    id
    status
    statusNote
    version
  }
}
    `) as unknown as TypedDocumentString<OrganizerUpdateReferralMutation, OrganizerUpdateReferralMutationVariables>;
export const OrganizerCloseCaseDocument = new TypedDocumentString(`
    mutation OrganizerCloseCase($id: String!, $note: String!, $version: Int!) {
  closeCase(id: $id, note: $note, version: $version) {
    id
    status
    closingNote
    version
  }
}
    `) as unknown as TypedDocumentString<OrganizerCloseCaseMutation, OrganizerCloseCaseMutationVariables>;
export const OrganizerRiskCasesDocument = new TypedDocumentString(`
    query OrganizerRiskCases($areaCode: String!) {
  riskCases(areaCode: $areaCode) {
    id
    elderId
    elderName
    villageCode
    recordId
    kind
    severity
    status
    ownerId
    ownerName
    openedAt
    dueAt
    overdue
    closedAt
  }
}
    `) as unknown as TypedDocumentString<OrganizerRiskCasesQuery, OrganizerRiskCasesQueryVariables>;
export const DeskAssignSlotDocument = new TypedDocumentString(`
    mutation DeskAssignSlot($slotId: String!, $visitorId: String!, $coVisitorId: String) {
  assignSlot(slotId: $slotId, visitorId: $visitorId, coVisitorId: $coVisitorId) {
    id
    label
    windowFrom
    windowTo
    holderId
  }
}
    `) as unknown as TypedDocumentString<DeskAssignSlotMutation, DeskAssignSlotMutationVariables>;
export const DeskNoShowsDocument = new TypedDocumentString(`
    query DeskNoShows($month: String!, $areaCode: String!) {
  noShowSlots(month: $month, areaCode: $areaCode) {
    id
    villageCode
    label
    windowFrom
    windowTo
    holderId
    elder {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<DeskNoShowsQuery, DeskNoShowsQueryVariables>;
export const OrganizerRecordTrainingDocument = new TypedDocumentString(`
    mutation OrganizerRecordTraining($input: TrainingSessionInput!) {
  recordTrainingSession(input: $input) {
    id
    topic
    heldOn
    minutes
    place
    office
  }
}
    `) as unknown as TypedDocumentString<OrganizerRecordTrainingMutation, OrganizerRecordTrainingMutationVariables>;
export const OrganizerVolunteerRecordDocument = new TypedDocumentString(`
    query OrganizerVolunteerRecord($id: String!) {
  volunteerRecord(visitorId: $id) {
    trainingRequired
    trained
    trainings {
      id
      topic
      heldOn
      minutes
      place
      office
    }
    commendations {
      id
      title
      awardedOn
      reason
      office
    }
    evaluations {
      id
      period
      gradeLabel
      comment
      office
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerVolunteerRecordQuery, OrganizerVolunteerRecordQueryVariables>;
export const OrganizerCommendVolunteerDocument = new TypedDocumentString(`
    mutation OrganizerCommendVolunteer($id: String!, $title: String!, $on: LocalDate!, $reason: String) {
  commendVolunteer(visitorId: $id, title: $title, awardedOn: $on, reason: $reason) {
    id
  }
}
    `) as unknown as TypedDocumentString<OrganizerCommendVolunteerMutation, OrganizerCommendVolunteerMutationVariables>;
export const OrganizerEvaluateVolunteerDocument = new TypedDocumentString(`
    mutation OrganizerEvaluateVolunteer($id: String!, $period: String!, $grade: Grade!, $comment: String) {
  evaluateVolunteer(
    visitorId: $id
    period: $period
    grade: $grade
    comment: $comment
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<OrganizerEvaluateVolunteerMutation, OrganizerEvaluateVolunteerMutationVariables>;
export const OrganizerVolunteerOverviewDocument = new TypedDocumentString(`
    query OrganizerVolunteerOverview($area: String!, $period: String!, $sortBy: VolunteerSort) {
  volunteerOverview(areaCode: $area, period: $period, sortBy: $sortBy) {
    ...VolunteerPeriod
  }
}
    fragment VolunteerPeriod on VolunteerSummary {
  visitorId
  name
  kind
  visits
  minutes
  careServices
  noShows
  trainings
  lastActive
}`) as unknown as TypedDocumentString<OrganizerVolunteerOverviewQuery, OrganizerVolunteerOverviewQueryVariables>;
export const OrganisationMemberOverviewDocument = new TypedDocumentString(`
    query OrganisationMemberOverview($organisationId: String!, $period: String!, $sortBy: VolunteerSort) {
  organisationOverview(
    organisationId: $organisationId
    period: $period
    sortBy: $sortBy
  ) {
    ...VolunteerPeriod
  }
}
    fragment VolunteerPeriod on VolunteerSummary {
  visitorId
  name
  kind
  visits
  minutes
  careServices
  noShows
  trainings
  lastActive
}`) as unknown as TypedDocumentString<OrganisationMemberOverviewQuery, OrganisationMemberOverviewQueryVariables>;
export const OrganizerVisitorsDocument = new TypedDocumentString(`
    query OrganizerVisitors($after: String) {
  accounts(role: VISITOR, first: 100, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      displayName
      visitorKind
      areaCode
      status
      phone
      isMinor
      approvedBy
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerVisitorsQuery, OrganizerVisitorsQueryVariables>;
export const OrganizerVisitorProfileDocument = new TypedDocumentString(`
    query OrganizerVisitorProfile($userId: String!) {
  visitorProfile(userId: $userId) {
    organisationKind
    organisationName
    homeVillageCode
    capacityPerMonth
    weekdays
    skills
    languages
    droppedOutOn
  }
}
    `) as unknown as TypedDocumentString<OrganizerVisitorProfileQuery, OrganizerVisitorProfileQueryVariables>;
export const OrganizerApproveVisitorDocument = new TypedDocumentString(`
    mutation OrganizerApproveVisitor($id: String!) {
  approveVisitor(userId: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<OrganizerApproveVisitorMutation, OrganizerApproveVisitorMutationVariables>;
export const OrganizerSuspendVisitorDocument = new TypedDocumentString(`
    mutation OrganizerSuspendVisitor($id: String!, $reason: String!) {
  suspendVisitor(userId: $id, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<OrganizerSuspendVisitorMutation, OrganizerSuspendVisitorMutationVariables>;
export const OrganizerReinstateVisitorDocument = new TypedDocumentString(`
    mutation OrganizerReinstateVisitor($id: String!) {
  reinstateVisitor(userId: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<OrganizerReinstateVisitorMutation, OrganizerReinstateVisitorMutationVariables>;
export const OrganizerDropOutVisitorDocument = new TypedDocumentString(`
    mutation OrganizerDropOutVisitor($id: String!, $reason: String!) {
  dropOutVisitor(visitorId: $id, reason: $reason)
}
    `) as unknown as TypedDocumentString<OrganizerDropOutVisitorMutation, OrganizerDropOutVisitorMutationVariables>;
export const OrganizerNoShowsDocument = new TypedDocumentString(`
    query OrganizerNoShows {
  noShowsByVisitor {
    visitorId
    inPeriod
    limit
    days
    capacityPerMonth
    reducedFrom
    noShows {
      windowTo
      villageCode
      elder
      label
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerNoShowsQuery, OrganizerNoShowsQueryVariables>;
export const OrganizerRestoreCapacityDocument = new TypedDocumentString(`
    mutation OrganizerRestoreCapacity($id: String!) {
  restoreVisitorCapacity(visitorId: $id) {
    capacityPerMonth
  }
}
    `) as unknown as TypedDocumentString<OrganizerRestoreCapacityMutation, OrganizerRestoreCapacityMutationVariables>;
export const DeskActiveAccountsDocument = new TypedDocumentString(`
    query DeskActiveAccounts($role: Role!, $after: String) {
  accounts(first: 100, role: $role, status: ACTIVE, after: $after) {
    nodes {
      id
      displayName
      role
      areaCode
      isMinor
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<DeskActiveAccountsQuery, DeskActiveAccountsQueryVariables>;
export const OrganizerAccountsDocument = new TypedDocumentString(`
    query OrganizerAccounts {
  accounts(first: 100) {
    nodes {
      id
      displayName
      username
      role
      areaCode
      status
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerAccountsQuery, OrganizerAccountsQueryVariables>;
export const OrganizerOpenSlotsDocument = new TypedDocumentString(`
    query OrganizerOpenSlots($month: String!, $areaCode: String!, $first: Int!, $after: String) {
  visitSlots(
    month: $month
    areaCode: $areaCode
    status: OPEN
    first: $first
    after: $after
  ) {
    id
    elderId
    villageCode
    label
    seq
    modes
    windowFrom
    windowTo
    elder {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizerOpenSlotsQuery, OrganizerOpenSlotsQueryVariables>;
export const SchoolCertificatesDocument = new TypedDocumentString(`
    query SchoolCertificates($term: String!) {
  serviceCertificates(term: $term) {
    id
    studentId
    term
    decision
    recordedMinutes
    certifiedMinutes
    credit
    comment
    certificateNo
    certificatePath
    certifiedAt
  }
  schoolServiceHours(term: $term) {
    studentId
    studentName
  }
}
    `) as unknown as TypedDocumentString<SchoolCertificatesQuery, SchoolCertificatesQueryVariables>;
export const SchoolCertifyDocument = new TypedDocumentString(`
    mutation SchoolCertify($accountId: String!, $decision: CertificationDecision!, $certifiedMinutes: Int, $comment: String) {
  certifyServiceHours(
    accountId: $accountId
    decision: $decision
    certifiedMinutes: $certifiedMinutes
    comment: $comment
  ) {
    id
    decision
    certifiedMinutes
    credit
    certificateNo
  }
}
    `) as unknown as TypedDocumentString<SchoolCertifyMutation, SchoolCertifyMutationVariables>;
export const SchoolSetCreditRuleDocument = new TypedDocumentString(`
    mutation SchoolSetCreditRule($minutesPerCredit: Int!) {
  setSchoolCreditRule(minutesPerCredit: $minutesPerCredit)
}
    `) as unknown as TypedDocumentString<SchoolSetCreditRuleMutation, SchoolSetCreditRuleMutationVariables>;
export const SchoolHoursDocument = new TypedDocumentString(`
    query SchoolHours($term: String!) {
  schoolServiceHours(term: $term) {
    accountId
    studentId
    studentName
    recordedMinutes
    certification {
      id
      decision
      certifiedMinutes
      credit
      certificateNo
    }
  }
}
    `) as unknown as TypedDocumentString<SchoolHoursQuery, SchoolHoursQueryVariables>;
export const SchoolStudentsDocument = new TypedDocumentString(`
    query SchoolStudents($after: String) {
  accounts(first: 100, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      username
      displayName
      role
      status
      isMinor
      idNumber
      guardianName
      guardianConsentOn
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<SchoolStudentsQuery, SchoolStudentsQueryVariables>;
export const SchoolRegisterStudentDocument = new TypedDocumentString(`
    mutation SchoolRegisterStudent($input: StudentInput!) {
  registerStudent(input: $input) {
    id
    displayName
  }
}
    `) as unknown as TypedDocumentString<SchoolRegisterStudentMutation, SchoolRegisterStudentMutationVariables>;
export const SchoolMineDocument = new TypedDocumentString(`
    query SchoolMine {
  mySchool {
    id
    name
    areaCode
    minutesPerCredit
  }
}
    `) as unknown as TypedDocumentString<SchoolMineQuery, SchoolMineQueryVariables>;
export const SignUpAreasDocument = new TypedDocumentString(`
    query SignUpAreas($parentCode: String) {
  signUpAreas(parentCode: $parentCode) {
    code
    name
  }
}
    `) as unknown as TypedDocumentString<SignUpAreasQuery, SignUpAreasQueryVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($input: VisitorRegistrationInput!) {
  registerVisitor(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const VolunteerCalendarFeedDocument = new TypedDocumentString(`
    query VolunteerCalendarFeed {
  me {
    id
    calendarFeed {
      since
    }
  }
}
    `) as unknown as TypedDocumentString<VolunteerCalendarFeedQuery, VolunteerCalendarFeedQueryVariables>;
export const VolunteerRenewCalendarFeedDocument = new TypedDocumentString(`
    mutation VolunteerRenewCalendarFeed {
  renewCalendarFeed {
    url
    since
  }
}
    `) as unknown as TypedDocumentString<VolunteerRenewCalendarFeedMutation, VolunteerRenewCalendarFeedMutationVariables>;
export const VolunteerRevokeCalendarFeedDocument = new TypedDocumentString(`
    mutation VolunteerRevokeCalendarFeed {
  revokeCalendarFeed
}
    `) as unknown as TypedDocumentString<VolunteerRevokeCalendarFeedMutation, VolunteerRevokeCalendarFeedMutationVariables>;
export const VolunteerWhoAmIDocument = new TypedDocumentString(`
    query VolunteerWhoAmI {
  me {
    id
    isMinor
  }
}
    `) as unknown as TypedDocumentString<VolunteerWhoAmIQuery, VolunteerWhoAmIQueryVariables>;
export const VolunteerCoVisitorChoicesDocument = new TypedDocumentString(`
    query VolunteerCoVisitorChoices($slotId: String!) {
  coVisitorChoices(slotId: $slotId) {
    id
    maskedName
    sameSchool
    visitorKind
    phoneMasked
  }
}
    `) as unknown as TypedDocumentString<VolunteerCoVisitorChoicesQuery, VolunteerCoVisitorChoicesQueryVariables>;
export const MyCareEldersDocument = new TypedDocumentString(`
    query MyCareElders {
  myCareElders {
    elderId
    name
    village
  }
}
    `) as unknown as TypedDocumentString<MyCareEldersQuery, MyCareEldersQueryVariables>;
export const MyCareKindsDocument = new TypedDocumentString(`
    query MyCareKinds($elderId: String!) {
  careKinds(elderId: $elderId) {
    kind
    otherKind
    name
    earnsTime
  }
}
    `) as unknown as TypedDocumentString<MyCareKindsQuery, MyCareKindsQueryVariables>;
export const RecordMyCareServiceDocument = new TypedDocumentString(`
    mutation RecordMyCareService($id: String!, $elderId: String!, $kind: CareKind, $otherKind: String, $givenAt: DateTime!, $minutes: Int!, $code: String!) {
  recordMyCareService(
    id: $id
    elderId: $elderId
    kind: $kind
    otherKind: $otherKind
    givenAt: $givenAt
    minutes: $minutes
    code: $code
  ) {
    creditedMinutes
    created
  }
}
    `) as unknown as TypedDocumentString<RecordMyCareServiceMutation, RecordMyCareServiceMutationVariables>;
export const VolunteerLedgerAccountsDocument = new TypedDocumentString(`
    query VolunteerLedgerAccounts {
  me {
    id
    mayRedeemHours
  }
  myLedgerAccounts {
    id
    book
    kind
    term
    termLabel
    balanceMinutes
    creditsMinutes
    debitsMinutes
  }
}
    `) as unknown as TypedDocumentString<VolunteerLedgerAccountsQuery, VolunteerLedgerAccountsQueryVariables>;
export const VolunteerStatementDocument = new TypedDocumentString(`
    query VolunteerStatement($accountId: String!, $first: Int, $after: String) {
  ledgerStatement(accountId: $accountId, first: $first, after: $after) {
    id
    kind
    amountMinutes
    recordId
    memo
    createdAt
  }
}
    `) as unknown as TypedDocumentString<VolunteerStatementQuery, VolunteerStatementQueryVariables>;
export const MyNoShowsDocument = new TypedDocumentString(`
    query MyNoShows {
  myNoShows {
    inPeriod
    limit
    days
    capacityPerMonth
    reducedFrom
    reducedForNoShows
    reducedForDays
    noShows {
      windowTo
      village
      elder
      label
    }
  }
}
    `) as unknown as TypedDocumentString<MyNoShowsQuery, MyNoShowsQueryVariables>;
export const MyServiceProofsDocument = new TypedDocumentString(`
    query MyServiceProofs {
  myServiceProofs {
    id
    number
    periodFrom
    periodTo
    content
    minutes
    printUrl
  }
}
    `) as unknown as TypedDocumentString<MyServiceProofsQuery, MyServiceProofsQueryVariables>;
export const VolunteerMyRecordDocument = new TypedDocumentString(`
    query VolunteerMyRecord {
  myVolunteerRecord {
    trainingRequired
    trained
    trainings {
      id
      topic
      heldOn
      minutes
      place
      office
    }
    commendations {
      id
      title
      awardedOn
      reason
      office
    }
    evaluations {
      id
      period
      gradeLabel
      comment
      office
    }
  }
}
    `) as unknown as TypedDocumentString<VolunteerMyRecordQuery, VolunteerMyRecordQueryVariables>;
export const VolunteerSlotContactDocument = new TypedDocumentString(`
    query VolunteerSlotContact($slotId: String!) {
  slotContact(slotId: $slotId) {
    slotId
    elderName
    phone
    address
    emergencyContactName
    emergencyContactRelation
    emergencyContactPhone
  }
}
    `) as unknown as TypedDocumentString<VolunteerSlotContactQuery, VolunteerSlotContactQueryVariables>;
export const VolunteerContactAttemptDocument = new TypedDocumentString(`
    mutation VolunteerContactAttempt($elderId: String!, $slotId: String!, $mode: AttemptMode!, $reason: AttemptReason!, $note: String, $releaseSlot: Boolean) {
  recordContactAttempt(
    elderId: $elderId
    slotId: $slotId
    mode: $mode
    reason: $reason
    note: $note
    releaseSlot: $releaseSlot
  ) {
    attempt {
      id
      reason
      releasedSlot
    }
    slot {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<VolunteerContactAttemptMutation, VolunteerContactAttemptMutationVariables>;
export const VolunteerScheduleDocument = new TypedDocumentString(`
    query VolunteerSchedule {
  mySchedule {
    ...VolunteerSlot
  }
}
    fragment VolunteerSlot on VisitSlot {
  id
  elderId
  villageCode
  villageName
  month
  label
  seq
  modes
  inPerson
  needsProfessional
  windowFrom
  windowTo
  status
  holderId
  claimedAt
  elder {
    name
    residenceAddress
  }
}`) as unknown as TypedDocumentString<VolunteerScheduleQuery, VolunteerScheduleQueryVariables>;
export const VolunteerReleaseSlotDocument = new TypedDocumentString(`
    mutation VolunteerReleaseSlot($slotId: String!) {
  releaseSlot(slotId: $slotId) {
    ...VolunteerSlot
  }
}
    fragment VolunteerSlot on VisitSlot {
  id
  elderId
  villageCode
  villageName
  month
  label
  seq
  modes
  inPerson
  needsProfessional
  windowFrom
  windowTo
  status
  holderId
  claimedAt
  elder {
    name
    residenceAddress
  }
}`) as unknown as TypedDocumentString<VolunteerReleaseSlotMutation, VolunteerReleaseSlotMutationVariables>;
export const VolunteerMyRecordsDocument = new TypedDocumentString(`
    query VolunteerMyRecords($first: Int) {
  visitRecords(mine: true, first: $first) {
    edges {
      node {
        id
        submissionId
        slotId
        elderId
        visitNo
        mode
        status
        startedAt
        submittedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VolunteerMyRecordsQuery, VolunteerMyRecordsQueryVariables>;
export const MyServiceRecordDocument = new TypedDocumentString(`
    query MyServiceRecord($from: LocalDate!, $to: LocalDate!) {
  myServiceRecord(from: $from, to: $to) {
    recordId
    at
    place
    mode
    coVisit
    careKind
    content
    minutes
    organiser
    mayCorrect
    correction {
      id
      status
      requestedMinutes
      decisionReason
    }
  }
}
    `) as unknown as TypedDocumentString<MyServiceRecordQuery, MyServiceRecordQueryVariables>;
export const RequestServiceCorrectionDocument = new TypedDocumentString(`
    mutation RequestServiceCorrection($recordId: String!, $minutes: Int!, $reason: String!) {
  requestServiceCorrection(
    recordId: $recordId
    minutes: $minutes
    reason: $reason
  ) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RequestServiceCorrectionMutation, RequestServiceCorrectionMutationVariables>;
export const VolunteerNearbySlotsDocument = new TypedDocumentString(`
    query VolunteerNearbySlots($days: Int, $inPerson: Boolean, $withinM: Int, $first: Int, $after: String) {
  nearbySlots(
    days: $days
    inPerson: $inPerson
    withinM: $withinM
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        distanceM
        slot {
          ...VolunteerSlot
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment VolunteerSlot on VisitSlot {
  id
  elderId
  villageCode
  villageName
  month
  label
  seq
  modes
  inPerson
  needsProfessional
  windowFrom
  windowTo
  status
  holderId
  claimedAt
  elder {
    name
    residenceAddress
  }
}`) as unknown as TypedDocumentString<VolunteerNearbySlotsQuery, VolunteerNearbySlotsQueryVariables>;
export const VolunteerClaimSlotDocument = new TypedDocumentString(`
    mutation VolunteerClaimSlot($slotId: String!, $coVisitorId: String) {
  claimSlot(slotId: $slotId, coVisitorId: $coVisitorId) {
    ...VolunteerSlot
  }
}
    fragment VolunteerSlot on VisitSlot {
  id
  elderId
  villageCode
  villageName
  month
  label
  seq
  modes
  inPerson
  needsProfessional
  windowFrom
  windowTo
  status
  holderId
  claimedAt
  elder {
    name
    residenceAddress
  }
}`) as unknown as TypedDocumentString<VolunteerClaimSlotMutation, VolunteerClaimSlotMutationVariables>;
export const TimeBankRecipientDocument = new TypedDocumentString(`
    query TimeBankRecipient($username: String!, $name: String!) {
  timeBankRecipient(username: $username, name: $name) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<TimeBankRecipientQuery, TimeBankRecipientQueryVariables>;
export const GiftHoursDocument = new TypedDocumentString(`
    mutation GiftHours($transferId: String!, $toUserId: String!, $minutes: Int!, $relation: String!) {
  giftHours(
    transferId: $transferId
    toUserId: $toUserId
    minutes: $minutes
    relation: $relation
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<GiftHoursMutation, GiftHoursMutationVariables>;
export const DonateHoursDocument = new TypedDocumentString(`
    mutation DonateHours($transferId: String!, $minutes: Int!) {
  donateHours(transferId: $transferId, minutes: $minutes) {
    id
  }
}
    `) as unknown as TypedDocumentString<DonateHoursMutation, DonateHoursMutationVariables>;
export const RedeemHoursDocument = new TypedDocumentString(`
    mutation RedeemHours($transferId: String!, $minutes: Int!, $service: String!, $providerId: String) {
  redeemHours(
    transferId: $transferId
    minutes: $minutes
    service: $service
    providerId: $providerId
  ) {
    id
  }
}
    `) as unknown as TypedDocumentString<RedeemHoursMutation, RedeemHoursMutationVariables>;
export const VolunteerFormScalesDocument = new TypedDocumentString(`
    query VolunteerFormScales($slotId: String!) {
  visitFormScales(slotId: $slotId) {
    item
    scale
  }
}
    `) as unknown as TypedDocumentString<VolunteerFormScalesQuery, VolunteerFormScalesQueryVariables>;
export const VolunteerDraftsDocument = new TypedDocumentString(`
    query VolunteerDrafts {
  myRecordDrafts {
    submissionId
    elderId
    slotId
    body
    version
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<VolunteerDraftsQuery, VolunteerDraftsQueryVariables>;
export const VolunteerSaveDraftDocument = new TypedDocumentString(`
    mutation VolunteerSaveDraft($submissionId: String!, $elderId: String!, $slotId: String, $body: String!, $version: Int) {
  saveRecordDraft(
    submissionId: $submissionId
    elderId: $elderId
    slotId: $slotId
    body: $body
    version: $version
  ) {
    submissionId
    version
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<VolunteerSaveDraftMutation, VolunteerSaveDraftMutationVariables>;
export const VolunteerIssueCodeDocument = new TypedDocumentString(`
    mutation VolunteerIssueCode($elderId: String!) {
  issueElderCode(elderId: $elderId) {
    sentTo
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<VolunteerIssueCodeMutation, VolunteerIssueCodeMutationVariables>;
export const VolunteerSubmitVisitDocument = new TypedDocumentString(`
    mutation VolunteerSubmitVisit($record: String!) {
  submitVisitRecord(record: $record) {
    created
    record {
      id
      submissionId
      slotId
      visitNo
      status
      submittedAt
    }
  }
}
    `) as unknown as TypedDocumentString<VolunteerSubmitVisitMutation, VolunteerSubmitVisitMutationVariables>;
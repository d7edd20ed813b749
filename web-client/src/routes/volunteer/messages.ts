import type { Widen } from '../../i18n/types';

/** The volunteer screens' text, 中文 first; `en` must have the same keys (checked by its type). */
export const volunteerZh = {
  nav: '探访人员导航',
  slots: '时段',
  schedule: '日程',
  hours: '时长',
} as const;

export const volunteerEn: Widen<typeof volunteerZh> = {
  nav: 'Visitor navigation',
  slots: 'Slots',
  schedule: 'Schedule',
  hours: 'Hours',
};

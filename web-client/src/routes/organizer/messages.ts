import type { Widen } from '../../i18n/types';

/** The organizer screens' text, 中文 first; `en` must have the same keys (checked by its type). */
export const organizerZh = {
  nav: '组织者导航',
  overview: '概览',
  elders: '老人档案',
  plans: '方案',
  review: '审核',
  risks: '风险',
} as const;

export const organizerEn: Widen<typeof organizerZh> = {
  nav: 'Organizer navigation',
  overview: 'Overview',
  elders: 'Elders',
  plans: 'Plans',
  review: 'Review',
  risks: 'Risks',
};

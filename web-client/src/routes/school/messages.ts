import type { Widen } from '../../i18n/types';

/** The school screens' text, 中文 first; `en` must have the same keys (checked by its type). */
export const schoolZh = {
  home: '学生服务',
} as const;

export const schoolEn: Widen<typeof schoolZh> = {
  home: 'Student service',
};

import type { Widen } from '../../i18n/types';

/** The family screens' text, 中文 first; `en` must have the same keys (checked by its type). */
export const familyZh = {
  home: '家属',
} as const;

export const familyEn: Widen<typeof familyZh> = {
  home: 'Family',
};

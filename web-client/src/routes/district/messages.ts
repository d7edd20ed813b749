import type { Widen } from '../../i18n/types';

/** The district screens' text, 中文 first; `en` must have the same keys (checked by its type). */
export const districtZh = {
  home: '全区概览',
} as const;

export const districtEn: Widen<typeof districtZh> = {
  home: 'District overview',
};

import type { Widen } from '../../i18n/types';
import type { cityZh } from './messages';

/** English of `messages.ts`, loaded only when English is chosen. */
export const cityEn: Widen<typeof cityZh> = {
  nav: 'City navigation',
  overview: 'Districts side by side',
  month: 'Month',
  district: 'District',
  pack: 'Policy pack',
  noPack: 'No pack chosen',
  closed: 'closed',
  elders: 'Elders due',
  visitRate: 'Visit rate',
  contactRate: 'Contact rate',
  overdueElders: 'Overdue',
  casesOpen: 'Open cases',
  casesPastDue: 'Cases past due',
  hours: 'Hours credited',
  empty: 'This city has no districts yet',
  exportXlsx: 'Export Excel',
  exportCsv: 'Export CSV',
  exporting: 'Exporting…',
  note: 'The city sees each district’s figures, never an elder’s file or a visit record.',
};

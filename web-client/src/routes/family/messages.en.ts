import type { Widen } from '../../i18n/types';
import type { familyZh } from './messages';

/** English of `messages.ts`, loaded only when English is chosen. */
export const familyEn: Widen<typeof familyZh> = {
  home: 'Family',
  title: 'Visits',
  elder: 'The elder you follow',
  contactTitle: 'Responsible contact',
  contactHint: 'For anything, contact:',
  contactPaired: 'named for this elder',
  contactDefault: 'village staff',
  call: 'Call',
  noPhone: 'No phone on file yet; please contact the village committee',
  noContact: 'The village has not named a contact yet; please contact the village committee.',
  historyTitle: 'Visit history',
  historyHint: 'Visits the elder agreed to share with family (time, kind and visitor only, not what was recorded).',
  noVisits: 'No visits yet',
  visitNo: 'Visit {n}',
  visitor: 'Visitor: {name}',
  notShared: 'The elder has not agreed to share visits with family. Please contact the village committee.',
  statuses: { SUBMITTED: 'Recorded, awaiting review', ACCEPTED: 'Reviewed', REJECTED: 'Rejected', RETURNED: 'Returned' },
};

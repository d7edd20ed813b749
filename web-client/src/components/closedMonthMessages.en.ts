import type { Widen } from '../i18n/types';
import type { closedMonthZh } from './closedMonthMessages';

/** English of `closedMonthMessages.ts`, loaded only when English is chosen. */
export const closedMonthEn: Widen<typeof closedMonthZh> = {
  reported: 'As reported (known at {at})',
  closedBy: '{how} · {by}',
  corrected: 'Corrected',
  noCorrections: 'No corrections',
  open: 'This month is open: figures are live',
  corrections: 'Corrections ({n})',
  correctionsHint: 'Recorded after the month closed and changing an elder’s result in it ({n} elders). The reported figures stay; the corrected ones are shown beside them.',
  correctionsLabel: 'Corrections',
  recordedBy: 'Recorded by',
  recordedAt: 'Recorded at',
  reason: 'Reason',
  result: 'Result',
  colon: ': ',
  showMore: 'Show {n} more elders ({shown} of {total} shown)',
  outcome: { MET: 'met', NOT_MET: 'not met', NOT_COUNTED: 'not counted' },
  how: { DEADLINE: 'Closed at the reporting deadline', ADMIN: 'Closed by a district admin' },
  kind: {
    LATE_RECORD: 'Record accepted after the deadline',
    REJECTED_AFTER_ACCEPTANCE: 'Accepted record rejected after the deadline',
    BACKDATED_FACT: 'Back-dated fact change recorded after the deadline',
    STATUS_CHANGE: 'Service status change recorded after the deadline',
    LATE_REGISTRATION: 'Registered after the deadline',
  },
};

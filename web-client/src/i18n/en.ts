import { volunteerEn } from '../routes/volunteer/messages';
import { organizerEn } from '../routes/organizer/messages';
import { schoolEn } from '../routes/school/messages';
import { cityEn } from '../routes/city/messages';
import { formsEn } from '../routes/forms/messages';
import { districtEn } from '../routes/district/messages';
import { familyEn } from '../routes/family/messages';
import { deadLettersEn } from '../components/deadLettersMessages';
import { settingsEn } from '../components/notificationSettingsMessages';
import { surgeBannerEn } from '../components/surgeBannerMessages';
import { signUpEn } from '../routes/signup/messages';
import type { Messages } from './types';

/** English. Typed as `Messages`, so a missing or extra key fails the build. */
export const en: Messages = {
  app: {
    name: 'Tanfang',
    tagline: 'No elder living alone is forgotten',
    language: 'Language',
    switchTo: '中文',
    logout: 'Sign out',
    skipToContent: 'Skip to main content',
    notFound: 'Page not found',
    backHome: 'Back to home',
    comingSoon: 'This page is coming soon',
  },
  state: {
    loading: 'Loading…',
    empty: 'Nothing here yet',
    retry: 'Retry',
    error: 'Something went wrong',
  },
  errors: {
    UNAUTHENTICATED: 'Your session has expired; please sign in again',
    FORBIDDEN: 'You are not permitted to do this',
    LOGIN_FAILED: 'Wrong username or password, or too many attempts; try again later',
    NOT_FOUND: 'Not found',
    VERSION_CONFLICT: 'Someone else changed this record; reload and try again',
    DUPLICATE: 'Another request sent at the same time stored this first; reload to see the result',
    INVALID_INPUT: 'Please check the marked fields',
    UNAVAILABLE: 'The service is unavailable; try again later',
    INTERNAL: 'Internal server error; try again later',
    NETWORK: 'Network error; check your connection and retry',
    UNKNOWN: 'Unknown error',
  },
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    required: 'Required',
    noRole: 'This account has no screens; contact your administrator',
  },
  roles: {
    CITY_ADMIN: 'City admin',
    DISTRICT_ADMIN: 'District admin',
    TOWN_ORGANIZER: 'Town organizer',
    VILLAGE_STAFF: 'Village staff',
    VISITOR: 'Visitor',
    SCHOOL_ADMIN: 'School admin',
    FAMILY: 'Family',
  },
  volunteer: volunteerEn,
  organizer: organizerEn,
  school: schoolEn,
  city: cityEn,
  district: districtEn,
  forms: formsEn,
  family: familyEn,
  deadLetters: deadLettersEn,
  settings: settingsEn,
  surgeBanner: surgeBannerEn,
  signUp: signUpEn,
  closedMonth: {
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
  },
};

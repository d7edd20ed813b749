import type { Core } from './types';

/** English of `zh.ts`. Typed as `Core`, so a missing or extra key fails the build; each screen's part has its own `*.en.ts`. */
export const en: Core = {
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
};

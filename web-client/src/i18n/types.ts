import type { closedMonthZh } from '../components/closedMonthMessages';
import type { deadLettersZh } from '../components/deadLettersMessages';
import type { settingsZh } from '../components/notificationSettingsMessages';
import type { surgeBannerZh } from '../components/surgeBannerMessages';
import type { cityZh } from '../routes/city/messages';
import type { districtZh } from '../routes/district/messages';
import type { familyZh } from '../routes/family/messages';
import type { formsZh } from '../routes/forms/messages';
import type { organisationZh } from '../routes/organisation/messages';
import type { organizerZh } from '../routes/organizer/messages';
import type { schoolZh } from '../routes/school/messages';
import type { signUpZh } from '../routes/signup/messages';
import type { volunteerZh } from '../routes/volunteer/messages';
import type { zh } from './zh';

/** The shape of a dictionary: the Chinese one with every leaf widened to `string`. */
export type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/**
 * The screens' parts of the dictionary, each in a module of its own beside its screens
 * (`registerPart`, `i18n/parts.ts`): a phone downloads the text of the screens it loads, not
 * every role's. Type-only imports: nothing here is in the bundle.
 */
export interface Parts {
  volunteer: typeof volunteerZh;
  organizer: typeof organizerZh;
  school: typeof schoolZh;
  city: typeof cityZh;
  district: typeof districtZh;
  forms: typeof formsZh;
  family: typeof familyZh;
  deadLetters: typeof deadLettersZh;
  settings: typeof settingsZh;
  surgeBanner: typeof surgeBannerZh;
  signUp: typeof signUpZh;
  closedMonth: typeof closedMonthZh;
  organisation: typeof organisationZh;
}
export type PartName = keyof Parts;

/** The text every page may show (`zh.ts`, `en.ts`): the app's frame, states, errors, sign-in. */
export type Core = Widen<typeof zh>;

/** The whole dictionary: the core and every part. */
export type Messages = Widen<typeof zh & Parts>;
export type Lang = 'zh' | 'en';

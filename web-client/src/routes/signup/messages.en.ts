import type { Widen } from '../../i18n/types';
import type { signUpZh } from './messages';

/** English of `messages.ts`, loaded only when English is chosen. */
export const signUpEn: Widen<typeof signUpZh> = {
  link: 'No account yet? Sign up as a volunteer',
  title: 'Volunteer sign-up',
  lead: 'Register under your real name; once your town approves you, you can claim visit slots. Students are registered by their school.',
  kind: 'I am',
  kinds: { VOLUNTEER: 'A volunteer', SENIOR_VOLUNTEER: 'A younger senior (60 or over)', PROFESSIONAL: 'A professional (social worker, family doctor, provider)', STUDENT: 'A student' },
  realName: 'Real name',
  idNumber: 'ID number',
  idHint: '18 characters; used only to verify your identity, stored encrypted',
  phone: 'Mobile phone',
  district: 'Home: district',
  town: 'Town (street)',
  village: 'Village (community)',
  choose: 'Choose',
  chooseVillage: 'Choose the village (community) you live in',
  passwordHint: 'At least 10 characters, not only digits',
  submit: 'Sign up',
  submitting: 'Signing up…',
  haveAccount: 'Have an account?',
};

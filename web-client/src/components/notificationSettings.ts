/**
 * 通知设置 — how a person's notification settings read: which channels to name for a kind,
 * and which contact changes a form asks the server for.
 */
import type { Channel } from '../gql/graphql';

/** The languages a person's messages can be written in (the account's `locale`). */
export type MessageLocale = 'zh' | 'en';

/** The language an account's messages are written in: Chinese unless it chose English. */
export function messageLocale(locale: string | null | undefined): MessageLocale {
  return locale === 'en' ? 'en' : 'zh';
}

/**
 * The channels to name for a kind: mail only reaches an account that has an address, so
 * without one `EMAIL` is left out (the server lists it either way).
 */
export function channelsShown(channels: readonly Channel[], hasEmail: boolean): Channel[] {
  return channels.filter((c) => hasEmail || c !== 'EMAIL');
}

/** What the contact form holds: a new address as typed (blank: keep) and the chosen language. */
export interface ContactForm {
  email: string;
  locale: MessageLocale;
}

/** The variables of `updateMyContact` for what changed; null when nothing did. */
export function contactChanges(
  form: ContactForm,
  current: { locale?: string | null },
): { email?: string; locale?: MessageLocale } | null {
  const vars: { email?: string; locale?: MessageLocale } = {};
  const typed = form.email.trim();
  if (typed !== '') vars.email = typed;
  if (form.locale !== messageLocale(current.locale)) vars.locale = form.locale;
  return Object.keys(vars).length > 0 ? vars : null;
}

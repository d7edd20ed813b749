import type { ApiError } from '../api/errors';
import { localMessage, type Lang, type Messages } from '../i18n';

type KnownCode = keyof Messages['errors'];

/**
 * The text to show for an error: the dictionary's wording for a known code, or the server's
 * own message (in the current language when it is bilingual).
 */
export function errorText(error: ApiError, t: Messages, lang: Lang): string {
  if (error.code in t.errors) {
    const code = error.code as KnownCode;
    // Input errors and not-found name what is wrong; the server's message says more.
    if ((code === 'NOT_FOUND' || code === 'FORBIDDEN') && error.message) {
      return localMessage(error.message, lang);
    }
    return t.errors[code];
  }
  return error.message ? localMessage(error.message, lang) : t.errors.UNKNOWN;
}

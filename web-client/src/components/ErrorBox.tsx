import { toApiError } from '../api/errors';
import { localMessage, useLang, useT } from '../i18n';
import { Button } from './Button';
import { errorText } from './errorText';

/**
 * An error for a whole screen or form. Input problems that name a field are shown by that
 * `Field`; those that name none are listed here.
 */
export function ErrorBox({ error, onRetry, fieldNames = [] }: { error: unknown; onRetry?: () => void; fieldNames?: string[] }) {
  const t = useT();
  const { lang } = useLang();
  if (!error) return null;
  const e = toApiError(error);
  const unplaced = e.fields.filter((f) => !fieldNames.includes(f.field));
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{errorText(e, t, lang)}</p>
      {unplaced.length > 0 ? (
        <ul className="error-list">
          {unplaced.map((f) => (
            <li key={`${f.field}:${f.code}`}>{localMessage(f.message, lang)}</li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {t.state.retry}
        </Button>
      ) : null}
    </div>
  );
}

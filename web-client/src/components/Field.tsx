import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import type { ApiError } from '../api/errors';
import { localMessage, useLang } from '../i18n';

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name'> {
  label: ReactNode;
  /** The input's name, which is also the field the API names in `extensions.fields`. */
  name: string;
  /** The last API error of the form; its problem with this field is shown under the input. */
  error?: ApiError | null;
  /** A problem found before sending (e.g. "required"); shown when the API named none. */
  localError?: string | null;
  hint?: ReactNode;
}

/** A labelled input with its error under it. */
export function Field({ label, name, error, localError, hint, id, className, ...input }: FieldProps) {
  const { lang } = useLang();
  const autoId = useId();
  const inputId = id ?? `${autoId}-${name}`;
  const problem = error?.fieldError(name);
  const message = problem ? localMessage(problem.message, lang) : localError;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = message ? `${inputId}-error` : undefined;
  return (
    <div className={['field', message ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        name={name}
        aria-invalid={message ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={errorId} className="field-error" data-field-error={name}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

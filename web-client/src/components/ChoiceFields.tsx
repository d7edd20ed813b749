import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { ApiError } from '../api/errors';
import { localMessage, useLang } from '../i18n';

interface Common {
  label: ReactNode;
  /** Also the field the API names in `extensions.fields`. */
  name: string;
  error?: ApiError | null;
  localError?: string | null;
  hint?: ReactNode;
}

function useProblem(name: string, error?: ApiError | null, localError?: string | null) {
  const { lang } = useLang();
  const problem = error?.fieldError(name);
  return problem ? localMessage(problem.message, lang) : (localError ?? null);
}

/** A labelled select with the API's problem for its field under it (like the shared `Field`). */
export function SelectField({ label, name, error, localError, hint, children, ...select }: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'>) {
  const id = `${useId()}-${name}`;
  const message = useProblem(name, error, localError);
  return (
    <div className={['field', message ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={message ? true : undefined} aria-describedby={message ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {message ? (
        <p id={`${id}-error`} className="field-error" data-field-error={name}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled textarea with the API's problem for its field under it. */
export function TextAreaField({ label, name, error, localError, hint, ...area }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>) {
  const id = `${useId()}-${name}`;
  const message = useProblem(name, error, localError);
  return (
    <div className={['field', message ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={3} aria-invalid={message ? true : undefined} aria-describedby={message ? `${id}-error` : undefined} {...area} />
      {hint ? <p className="field-hint">{hint}</p> : null}
      {message ? (
        <p id={`${id}-error`} className="field-error" data-field-error={name}>
          {message}
        </p>
      ) : null}
    </div>
  );
}

import { useT } from '../i18n';

/** A spinner with text, announced to screen readers. */
export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t.state.loading}</span>
    </div>
  );
}

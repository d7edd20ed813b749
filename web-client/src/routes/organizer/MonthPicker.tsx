import { useId } from 'react';
import { useT } from '../../i18n';
import './messages';

/** A month chooser (`2026-11`); ignores a cleared input. */
export function MonthPicker({ value, onChange }: { value: string; onChange: (month: string) => void }) {
  const t = useT();
  const id = useId();
  return (
    <div className="org-month">
      <label htmlFor={id}>{t.organizer.month}</label>
      <input
        id={id}
        type="month"
        value={value}
        onChange={(e) => {
          if (/^\d{4}-\d{2}$/.test(e.target.value)) onChange(e.target.value);
        }}
      />
    </div>
  );
}

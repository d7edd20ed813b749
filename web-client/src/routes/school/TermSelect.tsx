import { useSearchParams } from 'react-router';
import { useLang, useT } from '../../i18n';
import { recentTerms, termLabel, termOf, todayInChina } from './term';
import './messages';

/** The term in the address (`?term=2026-autumn`), the current one by default. */
export function useTerm(): [string, (term: string) => void] {
  const [params, setParams] = useSearchParams();
  const current = termOf(todayInChina());
  const term = params.get('term') ?? current;
  const setTerm = (next: string) =>
    setParams(
      (p) => {
        const copy = new URLSearchParams(p);
        copy.set('term', next);
        return copy;
      },
      { replace: true },
    );
  return [term, setTerm];
}

export function TermSelect({ term, onChange }: { term: string; onChange: (term: string) => void }) {
  const t = useT();
  const { lang } = useLang();
  const options = recentTerms(termOf(todayInChina()), 6);
  if (!options.includes(term)) options.unshift(term);
  return (
    <label className="desk-inline-select">
      <span>{t.school.term}</span>
      <select value={term} onChange={(e) => onChange(e.target.value)} name="term">
        {options.map((o) => (
          <option key={o} value={o}>
            {termLabel(o, lang)}
          </option>
        ))}
      </select>
    </label>
  );
}

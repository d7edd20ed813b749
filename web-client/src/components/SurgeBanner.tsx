import { useQuery } from '../api/hooks';
import { SurgesNowDocument } from '../gql/graphql';
import { format, useLang, useT } from '../i18n';
import { todayInChina } from '../routes/district/dates';
import './surgeBannerMessages';

/* GraphQL */ `
  query SurgesNow {
    surgesNow {
      label
      from
      to
      tiers
      count
    }
  }
`;

/** `2026-12-08` as 12月8日 (中文) or Dec 8. */
function day(iso: string, lang: string): string {
  const [m = 1, d = 1] = iso.split('-').slice(1).map(Number);
  if (lang === 'en') return new Date(Date.UTC(2000, m - 1, d)).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return `${m}月${d}日`;
}

/**
 * 加密探访提示 — the surges running in the signed-in account's area, or starting within a week,
 * at the top of every screen of the role (town and village offices, volunteers). Nothing when
 * there are none, or while the query loads or fails (the screens below say why).
 */
export function SurgeBanner() {
  const t = useT();
  const today = todayInChina();
  const { lang } = useLang();
  const { data } = useQuery(SurgesNowDocument);
  const surges = data?.surgesNow ?? [];
  if (surges.length === 0) return null;
  return (
    <section className="surge-banner" role="region" aria-label={t.surgeBanner.region} data-testid="surge-banner">
      <strong className="surge-banner-title">{t.surgeBanner.title}</strong>
      <ul>
        {surges.map((s, i) => {
          const text = s.from > today ? t.surgeBanner.upcoming : t.surgeBanner.running;
          const tiers = s.tiers.length > 0 ? format(t.surgeBanner.tiers, { tiers: s.tiers.join('、') }) : '';
          return (
            <li key={i}>
              {format(text, { label: s.label, from: day(s.from, lang), to: day(s.to, lang), tiers, count: s.count })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

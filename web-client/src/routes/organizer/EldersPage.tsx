import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganizerAreaDocument,
  OrganizerEldersDocument,
  type Category,
  type ElderFilterInput,
  type ServiceStatus,
} from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel, enumValues } from './labels';
import { Pager, useCursorPages } from './Pager';
import { useAreaCode } from './util';
import './messages';

/* GraphQL */ `
  query OrganizerArea($code: String!) {
    area(code: $code) { code name level children { code name } }
  }

  query OrganizerElders($first: Int, $after: String, $filter: ElderFilterInput) {
    elders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id name sex age idNumber phone serviceStatus categories riskLevel
          village { name }
        }
      }
    }
  }
`;

const PAGE = 20;

/** 老人档案: a filtered, paginated list; identity and phone numbers as the API masks them. */
export function EldersPage() {
  const t = useT();
  const { lang } = useLang();
  const areaCode = useAreaCode();
  const area = useQuery(OrganizerAreaDocument, { code: areaCode ?? '' }, { skip: !areaCode });
  const [draft, setDraft] = useState({ name: '', village: '', category: '', status: '' });
  const [filter, setFilter] = useState<ElderFilterInput>({});
  // Cursors of the pages before the current one: going back pops.
  const pages = useCursorPages();
  const elders = useQuery(OrganizerEldersDocument, { first: PAGE, after: pages.after, filter });
  const villages = area.data?.area?.level === 'TOWN' ? area.data.area.children : [];

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next: ElderFilterInput = {};
    if (draft.name.trim()) next.nameContains = draft.name.trim();
    if (draft.village) next.villageCode = draft.village;
    if (draft.category) next.category = draft.category as Category;
    if (draft.status) next.serviceStatus = draft.status as ServiceStatus;
    setFilter(next);
    pages.reset();
  };

  return (
    <Page
      title={t.organizer.elders}
      actions={
        <>
          <Link to="/o/elders/reviews">{t.organizer.elderFile.reviewsDue}</Link>{' '}
          <Link to="/o/elders/checks">{t.organizer.elderFile.checks}</Link>{' '}
          <Link className="btn btn-primary" to="/o/elders/new">{t.organizer.elderFile.register}</Link>
        </>
      }
    >
      <form className="org-filters" onSubmit={apply} role="search">
        <label>
          <span>{t.organizer.filterName}</span>
          <input name="nameContains" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        {villages.length > 0 ? (
          <label>
            <span>{t.organizer.village}</span>
            <select name="villageCode" value={draft.village} onChange={(e) => setDraft({ ...draft, village: e.target.value })}>
              <option value="">{t.organizer.allVillages}</option>
              {villages.map((v) => (
                <option key={v.code} value={v.code}>{v.name}</option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          <span>{t.organizer.filterCategory}</span>
          <select name="category" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
            <option value="">{t.organizer.any}</option>
            {enumValues('Category').map((c) => (
              <option key={c} value={c}>{enumLabel(lang, 'Category', c)}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.organizer.filterStatus}</span>
          <select name="serviceStatus" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t.organizer.any}</option>
            {enumValues('ServiceStatus').map((c) => (
              <option key={c} value={c}>{enumLabel(lang, 'ServiceStatus', c)}</option>
            ))}
          </select>
        </label>
        <Button type="submit">{t.organizer.search}</Button>
      </form>
      <p className="org-muted org-small">{t.organizer.maskedNote}</p>
      <QueryView query={elders} isEmpty={(d) => d.elders.edges.length === 0} empty={<Empty title={t.organizer.noElders} />}>
        {(d) => (
          <>
            <p className="org-muted" data-testid="elders-total">{format(t.organizer.eldersTotal, { n: d.elders.totalCount })}</p>
            <div className="org-table-wrap">
              <table className="org-table">
                <thead>
                  <tr>
                    <th scope="col">{t.organizer.name}</th>
                    <th scope="col">{t.organizer.village}</th>
                    <th scope="col">{t.organizer.sex}</th>
                    <th scope="col" className="num">{t.organizer.age}</th>
                    <th scope="col">{t.organizer.idNumber}</th>
                    <th scope="col">{t.organizer.phone}</th>
                    <th scope="col">{t.organizer.categories}</th>
                    <th scope="col">{t.organizer.serviceStatus}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.elders.edges.map(({ node }) => (
                    <tr key={node.id}>
                      <th scope="row" className="nowrap"><Link to={`/o/elders/${node.id}`}>{node.name}</Link></th>
                      <td className="nowrap">{node.village?.name ?? '—'}</td>
                      <td>{enumLabel(lang, 'Sex', node.sex)}</td>
                      <td className="num">{node.age}</td>
                      <td className="mono">{node.idNumber}</td>
                      <td className="mono">{node.phone ?? '—'}</td>
                      <td>{node.categories.map((c) => enumLabel(lang, 'Category', c)).join(lang === 'zh' ? '、' : ', ') || '—'}</td>
                      <td>{enumLabel(lang, 'ServiceStatus', node.serviceStatus)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              pages={pages}
              totalCount={d.elders.totalCount}
              pageSize={PAGE}
              hasNextPage={d.elders.pageInfo.hasNextPage}
              endCursor={d.elders.pageInfo.endCursor}
              loading={elders.loading}
            />
          </>
        )}
      </QueryView>
    </Page>
  );
}

import { Route, Routes } from 'react-router';
import { useRole } from '../../api/auth';
import { NotificationSettingsPage } from '../../components/NotificationSettings';
import { DeadLettersPage } from '../../components/DeadLetters';
import { SurgeBanner } from '../../components/SurgeBanner';
import { TabLayout, type NavItem } from '../../components/TabLayout';
import { useT } from '../../i18n';
import { FormsPage } from '../forms/FormsPage';
import { OrganisationsPage } from '../organisation/OrganisationsPage';
import { CorrectionsPage } from './CorrectionsPage';
import { ElderChecksPage } from './ElderChecksPage';
import { ElderDetailPage } from './ElderDetailPage';
import { ElderEditPage, ElderRegisterPage } from './ElderFilePages';
import { ImportPage } from './ImportPage';
import { EldersPage } from './EldersPage';
import './organizer.css';
import { OverviewPage } from './OverviewPage';
import { PlansPage } from './PlansPage';
import { ProofsPage } from './ProofsPage';
import { RecordPage } from './RecordPage';
import { ReviewPage } from './ReviewPage';
import { RiskCasePage } from './RiskCasePage';
import { ReviewsDuePage } from './ReviewsDuePage';
import { RisksPage } from './RisksPage';
import { VolunteersPage } from './VolunteersPage';
import '../../components/deadLettersMessages';
import '../forms/messages';
import '../organisation/messages';
import './messages';

/** 镇街组织者 and 村(居)工作人员: desk layout with side navigation. */
export default function OrganizerApp() {
  const t = useT();
  const items: NavItem[] = [
    { to: '/o', label: t.organizer.overview, end: true },
    { to: '/o/elders', label: t.organizer.elders },
    { to: '/o/import', label: t.organizer.desk.importNav },
    { to: '/o/plans', label: t.organizer.plans },
    { to: '/o/review', label: t.organizer.review },
    { to: '/o/risks', label: t.organizer.risks },
    { to: '/o/forms', label: t.forms.title },
    { to: '/o/proofs', label: t.organizer.office.proofs.nav },
  ];
  // 发送失败的通知 are for the town's organizers (the admins of its area), not village staff.
  const townOrganizer = useRole() === 'TOWN_ORGANIZER';
  // 志愿者: approving and suspending visitors is the town organizer's (ApproveVisitors).
  if (townOrganizer) items.push({ to: '/o/volunteers', label: t.organizer.volunteers });
  if (townOrganizer) items.push({ to: '/o/organisations', label: t.organisation.title });
  // 更正申请: decided by the reviewers of the visits (ReviewRecords), the town's organizers.
  if (townOrganizer) items.push({ to: '/o/corrections', label: t.organizer.office.corrections.nav });
  if (townOrganizer) items.push({ to: '/o/messages', label: t.deadLetters.title });
  return (
    <Routes>
      <Route element={<TabLayout items={items} navLabel={t.organizer.nav} variant="desk" banner={<SurgeBanner />} />}>
        <Route index element={<OverviewPage />} />
        <Route path="elders" element={<EldersPage />} />
        <Route path="elders/new" element={<ElderRegisterPage />} />
        <Route path="elders/checks" element={<ElderChecksPage />} />
        <Route path="elders/reviews" element={<ReviewsDuePage />} />
        <Route path="elders/:id" element={<ElderDetailPage />} />
        <Route path="elders/:id/edit" element={<ElderEditPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="plans" element={<PlansPage />} />
        <Route path="review" element={<ReviewPage />} />
        <Route path="review/:id" element={<RecordPage />} />
        <Route path="risks" element={<RisksPage />} />
        <Route path="risks/:id" element={<RiskCasePage />} />
        <Route path="forms" element={<FormsPage />} />
        <Route path="settings" element={<NotificationSettingsPage />} />
        {townOrganizer ? <Route path="volunteers" element={<VolunteersPage />} /> : null}
        {townOrganizer ? <Route path="organisations" element={<OrganisationsPage />} /> : null}
        <Route path="proofs" element={<ProofsPage />} />
        {townOrganizer ? <Route path="corrections" element={<CorrectionsPage />} /> : null}
        {townOrganizer ? <Route path="messages" element={<DeadLettersPage />} /> : null}
      </Route>
    </Routes>
  );
}

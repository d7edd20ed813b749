// The volunteer's screens after the slot list, and the outbox: one chunk, loaded by index.tsx
// once the slot list is up (one request, and the modules they share stay out of the chunk that
// every role loads).
export { NotificationSettingsPage } from '../../components/NotificationSettings';
export { MyOrganisationsPage } from '../organisation/MyOrganisationsPage';
export { HoursPage } from './HoursPage';
export { startOutbox } from './outbox';
export { SchedulePage } from './SchedulePage';
export { VisitPage } from './VisitPage';

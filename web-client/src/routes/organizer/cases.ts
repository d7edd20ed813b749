import type { ReferralStatus } from '../../gql/graphql';

/** The statuses a referral may move to from `status` (requested → accepted → completed, or declined). */
export function nextReferralStatuses(status: ReferralStatus | null | undefined): ReferralStatus[] {
  switch (status) {
    case 'REQUESTED':
      return ['ACCEPTED', 'DECLINED'];
    case 'ACCEPTED':
      return ['COMPLETED', 'DECLINED'];
    default:
      return [];
  }
}

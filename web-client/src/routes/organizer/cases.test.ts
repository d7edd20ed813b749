import { describe, expect, it } from 'vitest';
import { nextReferralStatuses } from './cases';

describe('referrals', () => {
  it('move on as the server allows: requested → accepted → completed, or declined', () => {
    expect(nextReferralStatuses('REQUESTED')).toEqual(['ACCEPTED', 'DECLINED']);
    expect(nextReferralStatuses('ACCEPTED')).toEqual(['COMPLETED', 'DECLINED']);
    expect(nextReferralStatuses('COMPLETED')).toEqual([]);
    expect(nextReferralStatuses('DECLINED')).toEqual([]);
  });
});

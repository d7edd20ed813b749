import { describe, expect, it } from 'vitest';
import { rawShapesIn } from '../e2e/support/rawText';

describe('the raw-text check of the e2e specs', () => {
  it('finds the machine text people were shown', () => {
    for (const seen of [
      '记录编号 01a24f74-ce43-75b9-8677-745befeff8da',
      '条件 impaired or serious_illness or age >= 80',
      '节日：spring_festival',
      '依据 safety.electricity=不安全',
      '疾病 illnessName',
      '村 500199001001',
      '证明编号 2026-autumn-demoscho-0001',
      '来源 seeds/001_5846dd6535148753.txt',
      '方式 IN_PERSON',
    ]) {
      expect(rawShapesIn(seen), seen).not.toEqual([]);
    }
  });

  it('lets ordinary Chinese and English screens through', () => {
    for (const fine of [
      '张三 · 示范村 · 第 2 次探访 · 2026-11-18 10:00',
      '电话 138****8000，身份证号 500199********1234',
      '记录编号 2026-000123 · 合计路程约 12 公里',
      'Visits this month: 12 of 20 (60.0%). Sign in as town.organizer',
      '邮箱 v***@tanfang-demo.example',
    ]) {
      expect(rawShapesIn(fine), fine).toEqual([]);
    }
  });
});

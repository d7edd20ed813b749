import { describe, expect, it } from 'vitest';
import { careInput, careLabel, careOptions, careValue } from './careKinds';

describe('care kinds picker', () => {
  const offered = [
    { kind: 'MEALS' as const, otherKind: null, name: '送餐', earnsTime: false },
    { kind: null, otherKind: '心理疏导', name: '心理疏导', earnsTime: true },
  ];
  const zh = (k: string) => ({ MEALS: '送餐', HAIRCUT: '理发' })[k] ?? k;

  it('sends a platform kind as kind and a kind the pack lists as otherKind, never both', () => {
    for (const o of offered) {
      const input = careInput(careValue(o));
      expect(input).toEqual({ kind: o.kind, otherKind: o.otherKind });
    }
    // A name with the separator in it survives the round trip.
    expect(careInput(careValue({ kind: null, otherKind: 'kind:x' }))).toEqual({ kind: null, otherKind: 'kind:x' });
    expect(careInput('')).toEqual({ kind: null, otherKind: null });
  });

  it("offers the server's kinds for the elder, the platform's own until they are known", () => {
    const options = careOptions(offered, ['HAIRCUT'], zh);
    expect(options.map((o) => [o.label, o.earnsTime])).toEqual([
      ['送餐', false],
      ['心理疏导', true],
    ]);
    expect(careLabel(careValue(offered[1]!), options)).toBe('心理疏导');
    expect(careOptions(undefined, ['HAIRCUT', 'MEALS'], zh).map((o) => o.label)).toEqual(['理发', '送餐']);
  });
});

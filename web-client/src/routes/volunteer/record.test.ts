import { describe, expect, it } from 'vitest';
import { buildRecord, checkForm, clip, formKeyOf, newVisitForm, TEXT_LIMITS, textLength } from './record';
import { beijingToday, fromBeijingInput, toBeijingInput, toBeijingRfc3339 } from './time';

const base = () =>
  newVisitForm({
    submissionId: '0190f3a2-7c4e-7b21-9d3a-5e8f1c2b4a67',
    slotId: '0190f39e-1111-7abc-8def-0123456789ab',
    elderId: '6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7',
    mode: 'IN_PERSON',
    startedAt: '2026-11-30T09:30',
  });
const visitor = { id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a', name: '张敏' };
const signature = { ref: 'photos/abc', sha256: 'a'.repeat(64), contentType: 'image/png' };
const at = new Date('2026-11-30T02:20:00Z'); // 10:20 Beijing

describe('time', () => {
  it('writes and reads Beijing time whatever the phone zone', () => {
    expect(toBeijingRfc3339(at)).toBe('2026-11-30T10:20:00+08:00');
    expect(toBeijingInput(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01T01:00');
    expect(fromBeijingInput('2026-11-30T10:20')?.toISOString()).toBe('2026-11-30T02:20:00.000Z');
    expect(fromBeijingInput('')).toBeNull();
    expect(beijingToday(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
  });
});

describe('buildRecord', () => {
  it('leaves out what was not assessed and keeps the envelope', () => {
    const { record } = buildRecord(base(), visitor, { photos: [], signature }, at);
    expect(record).toEqual({
      formatVersion: '1.1.0',
      submissionId: '0190f3a2-7c4e-7b21-9d3a-5e8f1c2b4a67',
      elderId: '6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7',
      slotId: '0190f39e-1111-7abc-8def-0123456789ab',
      startedAt: '2026-11-30T09:30:00+08:00',
      endedAt: '2026-11-30T10:20:00+08:00',
      mode: 'in_person',
      visitor,
      confirmation: {
        visitor: { confirmedAt: '2026-11-30T10:20:00+08:00' },
        elder: { method: 'signature', confirmedAt: '2026-11-30T10:20:00+08:00', signature },
        enteredBy: { person: visitor, enteredAt: '2026-11-30T10:20:00+08:00' },
      },
    });
  });

  it('writes grades on their scale, needs in order, and maps list paths back to the form', () => {
    const s = base();
    s.grades = { 'health.mobility': { scale: 'change', value: 'worse' }, 'safety.gas': { scale: 'safety', value: 'safe' } };
    s.needs = { medical_assistance: { needed: true, met: false, urgent: true, note: '' }, emotional_comfort: { needed: false, met: true, urgent: false, note: '' } };
    s.confirmMethod = 'read_out_code';
    s.code = '482731';
    const { record, aliases } = buildRecord(s, visitor, { photos: [], signature: null }, at);
    expect(record.health).toEqual({ mobility: { scale: 'change', value: 'worse' } });
    expect(record.safety).toEqual({ gas: { scale: 'safety', value: 'safe' } });
    expect(record.needs).toEqual([
      { need: 'emotional_comfort', needed: false },
      { need: 'medical_assistance', needed: true, met: false, urgent: true },
    ]);
    expect((record.confirmation as { elder: unknown }).elder).toEqual({ method: 'read_out_code', confirmedAt: '2026-11-30T10:20:00+08:00', code: '482731' });
    expect(formKeyOf('needs[1].met', aliases)).toBe('needs.medical_assistance');
    expect(formKeyOf('health.mobility', aliases)).toBe('health.mobility');
  });

  it('is the same record for the same form and submit time (retries send identical content)', () => {
    const a = JSON.stringify(buildRecord(base(), visitor, { photos: [], signature }, at).record);
    const b = JSON.stringify(buildRecord(base(), visitor, { photos: [], signature }, at).record);
    expect(a).toBe(b);
  });
});

describe('checkForm', () => {
  it('asks for the elder confirmation', () => {
    expect(checkForm(base(), false).map((p) => p.field)).toEqual(['confirmation.elder.signature']);
    expect(checkForm(base(), true)).toEqual([]);
    const s = { ...base(), confirmMethod: 'read_out_code' as const, code: '12' };
    expect(checkForm(s, false).map((p) => p.field)).toEqual(['confirmation.elder.code']);
  });
});

describe('text limits', () => {
  it('match the server for the long fields and cut a paste to the limit', () => {
    expect(TEXT_LIMITS.problemsFound).toBe(2000);
    expect(TEXT_LIMITS['support.note']).toBe(500);
    const pasted = '很长'.repeat(3000);
    expect(textLength(clip(pasted, 2000))).toBe(2000);
    expect(clip('短', 2000)).toBe('短');
    // An emoji is one character to the server, two UTF-16 units to the browser.
    expect(textLength('👵🏻好')).toBe(3);
  });
});

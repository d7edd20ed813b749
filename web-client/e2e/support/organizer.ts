/**
 * Test set-up for the organizer spec, through the API (not what the spec is about): make a
 * visit record exist and wait for review, the way a volunteer would submit it — the town
 * organizer generates the month's slots, the demo volunteer claims one whose window holds
 * today, uploads a photo and the elder's signature (POST /photos) and submits a record in the
 * shared format (docs/record-format.md).
 */
import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import { beijingIso, beijingToday, gql, makePng, openSlots, tokenOf, uploadPng, visitTimes } from './api';

interface Item {
  label: string;
  count: number;
  countedDays: string[];
  status: 'MET' | 'DUE' | 'OVERDUE';
  metOnTime: boolean;
}

export interface SubmittedRecord {
  recordId: string;
  elderId: string;
  elderName: string;
  villageCode: string;
  villageName: string;
  month: string;
  photoSha256: string;
}

/**
 * A record submitted by the demo volunteer (or another approved `visitor` of the town) that, once accepted, makes its elder meet every
 * requirement of the month on time: the elder's only unmet requirement is due (not overdue)
 * and one visit short, and the claimed slot's window holds today. So accepting it raises
 * the village's monthly visit rate by one elder.
 */
export async function submittedRecordThatMeetsTheMonth(request: APIRequestContext, visitor = 'volunteer'): Promise<SubmittedRecord> {
  const organizer = await tokenOf(request, 'town.organizer');
  const volunteer = await tokenOf(request, visitor);
  const { me: org } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { me: vol } = await gql<{ me: { id: string; displayName: string; areaCode: string } }>(
    request,
    volunteer,
    '{ me { id displayName areaCode } }',
  );
  const { day, month } = beijingToday();
  await gql(request, organizer, 'mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted } }', {
    m: month,
    a: org.areaCode,
  });
  const visitSlots = await openSlots<{
    id: string; elderId: string; label: string; windowFrom: string; windowTo: string; needsProfessional: boolean; modes: string[];
  }>(request, organizer, month, vol.areaCode, 'id elderId label windowFrom windowTo needsProfessional modes');
  const candidates = visitSlots.filter(
    (s) => s.windowFrom <= day && day <= s.windowTo && !s.needsProfessional && s.modes.includes('IN_PERSON'),
  );
  let chosen: (typeof candidates)[number] | undefined;
  for (const slot of candidates) {
    const { elderCompliance } = await gql<{ elderCompliance: { inRate: boolean; met: boolean; items: Item[] } | null }>(
      request,
      organizer,
      'query($e: String!, $m: String!) { elderCompliance(elderId: $e, month: $m) { inRate met items { label count countedDays status metOnTime } } }',
      { e: slot.elderId, m: month },
    );
    if (!elderCompliance || !elderCompliance.inRate || elderCompliance.met) continue;
    const unmet = elderCompliance.items.filter((i) => !i.metOnTime);
    const only = unmet[0];
    if (unmet.length === 1 && only && only.status === 'DUE' && only.count - only.countedDays.length === 1 && only.label === slot.label) {
      chosen = slot;
      break;
    }
  }
  if (!chosen) throw new Error(`no open slot today (${day}) whose elder one visit would bring to "met"`);

  await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id status } }', { s: chosen.id });
  const photo = await uploadPng(request, volunteer, makePng(320, 200, [47, 125, 91]));
  const signature = await uploadPng(request, volunteer, makePng(200, 80, [230, 230, 230]));

  // A 30-minute visit that ended 2 minutes ago, not starting before the slot's window opens
  // (midnight, district time, of its first day; shorter in the first minutes of that day).
  const { start, end } = visitTimes(chosen.windowFrom, 2, 30);
  const person = { id: vol.id, name: vol.displayName };
  const record = {
    formatVersion: '1.1.0',
    submissionId: randomUUID(),
    elderId: chosen.elderId,
    slotId: chosen.id,
    startedAt: beijingIso(start),
    endedAt: beijingIso(end),
    mode: 'in_person',
    visitor: person,
    health: { mobility: { scale: 'change', value: 'unchanged' }, expression: { scale: 'change', value: 'unchanged' } },
    mental: { mood: { scale: 'change', value: 'better' } },
    // 用电不安全 is a major risk: the record also opens a case for the risk board.
    safety: { gas: { scale: 'safety', value: 'safe' }, electricity: { scale: 'safety', value: 'unsafe' } },
    hygiene: { personal: { scale: 'change', value: 'unchanged' } },
    problemsFound: '厨房插线板老化发热，已提醒暂停使用。',
    photos: [{ ref: photo.ref, sha256: photo.sha256, contentType: 'image/png', takenAt: beijingIso(end), caption: '入户探访' }],
    confirmation: {
      visitor: { confirmedAt: beijingIso(end) },
      elder: {
        method: 'signature',
        confirmedAt: beijingIso(end),
        signature: { ref: signature.ref, sha256: signature.sha256, contentType: 'image/png' },
      },
      enteredBy: { person, enteredAt: beijingIso(end) },
    },
  };
  const { submitVisitRecord } = await gql<{ submitVisitRecord: { record: { id: string; status: string } } }>(
    request,
    volunteer,
    'mutation($r: String!) { submitVisitRecord(record: $r) { record { id status } } }',
    { r: JSON.stringify(record) },
  );
  expect(submitVisitRecord.record.status).toBe('SUBMITTED');
  const { elder } = await gql<{ elder: { name: string; villageCode: string; village: { name: string } } }>(
    request,
    organizer,
    'query($id: String!) { elder(id: $id) { name villageCode village { name } } }',
    { id: chosen.elderId },
  );
  return {
    recordId: submitVisitRecord.record.id,
    elderId: chosen.elderId,
    elderName: elder.name,
    villageCode: elder.villageCode,
    villageName: elder.village.name,
    month,
    photoSha256: photo.sha256,
  };
}

type Row = { code: string; visitRate: number | null; met: number; elders: number; contactRate: number | null; contacted: number };

/**
 * The API's two monthly rates of one village (what the page's numbers are checked against):
 * 月探访率 (`rate`, with `met`) and 探访覆盖率 (`contactRate`, with `contacted`).
 */
export async function coverageRate(
  request: APIRequestContext,
  month: string,
  villageCode: string,
): Promise<{ rate: number | null; met: number; elders: number; contactRate: number | null; contacted: number }> {
  const organizer = await tokenOf(request, 'town.organizer');
  const { me } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { coverage } = await gql<{ coverage: { total: Row; villages: Row[] } }>(
    request,
    organizer,
    'query($m: String!, $a: String!) { coverage(month: $m, areaCode: $a) { total { code visitRate met elders contactRate contacted } villages { code visitRate met elders contactRate contacted } } }',
    { m: month, a: me.areaCode },
  );
  const v = coverage.villages.find((x) => x.code === villageCode) ?? (coverage.total.code === villageCode ? coverage.total : undefined);
  if (!v) throw new Error(`village ${villageCode} not in coverage`);
  return { rate: v.visitRate, met: v.met, elders: v.elders, contactRate: v.contactRate, contacted: v.contacted };
}

/** A day `months` months from `day`'s month (negative: before), on the `dayOfMonth`th. */
function monthsFrom(day: string, months: number, dayOfMonth = 1): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + months, dayOfMonth));
  return d.toISOString().slice(0, 10);
}

/** The day before `day` (`YYYY-MM-DD`). */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** A valid 18-digit 身份证号 (GB 11643 check digit) of someone born on 1950-05-05 in `region`. */
export function idNumber(region: string, seq: number): string {
  const first17 = `${region}19500505${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

export interface FactHistory {
  elderId: string;
  name: string;
  /** When the file's first facts took effect (its consent day, a year ago). */
  opened: string;
  /** The back-dated change: 能力程度 重度失能 from this day (three months ago), with `reason`. */
  backDatedFrom: string;
  reason: string;
  /** The planned change: 风险等级 高 from the first of next month. */
  plannedFrom: string;
}

/**
 * An elder file with a history of facts, through the API as the town organizer: opened a year
 * ago as 能力完好 (一般 under the demo's pack); then recorded today, 重度失能 from three months
 * ago (back-dated, with a reason: 重点 from then), and 风险等级 高 from next month (planned).
 */
export async function elderWithFactHistory(request: APIRequestContext): Promise<FactHistory> {
  const organizer = await tokenOf(request, 'town.organizer');
  const { me } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { elders } = await gql<{ elders: { edges: { node: { villageCode: string } }[] } }>(
    request,
    organizer,
    '{ elders(first: 1) { edges { node { villageCode } } } }',
  );
  const today = beijingToday().day;
  const opened = monthsFrom(today, -12);
  const name = '事实时间线测试老人';
  const file = {
    name,
    // Random sequence numbers: a new person on every run, none of the demo's.
    idNumber: idNumber(me.areaCode.slice(0, 6), 500 + Math.floor(Math.random() * 500)),
    villageCode: elders.edges[0]!.node.villageCode,
    residenceAddress: '二组 8 号',
    urbanRural: 'RURAL',
    abilityLevel: 'INTACT',
    economicStatus: 'ORDINARY',
    livingArrangement: 'WITH_SPOUSE',
    consent: 'CONSENTED',
    consentRecordedOn: opened,
  };
  const created = await gql<{ createElder: { id: string; version: number } }>(
    request,
    organizer,
    'mutation($i: ElderFileInput!) { createElder(input: $i) { id version } }',
    { i: file },
  );
  const { id } = created.createElder;
  const update = `mutation($id: String!, $v: Int!, $i: ElderFileInput!, $from: LocalDate, $reason: String) {
    updateElder(id: $id, version: $v, input: $i, effectiveFrom: $from, reason: $reason) { version } }`;
  const backDatedFrom = monthsFrom(today, -3);
  const reason = '补录：三个月前已卧床，当时漏报';
  const severe = { ...file, abilityLevel: 'SEVERELY_IMPAIRED' };
  const first = await gql<{ updateElder: { version: number } }>(request, organizer, update, {
    id,
    v: created.createElder.version,
    i: severe,
    from: backDatedFrom,
    reason,
  });
  const plannedFrom = monthsFrom(today, 1);
  await gql(request, organizer, update, {
    id,
    v: first.updateElder.version,
    i: { ...severe, riskLevel: 'HIGH', riskAssessedOn: today },
    from: plannedFrom,
  });
  return { elderId: id, name, opened, backDatedFrom, reason, plannedFrom };
}

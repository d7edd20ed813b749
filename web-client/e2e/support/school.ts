/**
 * API set-up for the school and district specs: the school term, and an accepted visit by the
 * demo student this term (the organizer generates the month's slots, the student
 * claims one with an adult co-visitor, records the visit confirmed by the elder's signature
 * image, and the organizer accepts it).
 */
import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import { beijingIso, beijingMidnight, beijingToday, gql, makePng, openSlots, tokenOf, uploadPng, visitTimes } from './api';
import { now } from './clock';

/** The school term containing today: spring Feb–Jul, autumn Aug–Jan. */
export function currentTerm(): string {
  const today = beijingToday().day;
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (month === 1) return `${year - 1}-autumn`;
  return month >= 8 ? `${year}-autumn` : `${year}-spring`;
}

/** The student's visit: this long, ended this many minutes ago. */
const VISIT_MINUTES = 40;
const VISIT_ENDED_MINUTES_AGO = 5;

export interface AcceptedVisit {
  recordId: string;
  elderId: string;
  studentId: string;
}

/**
 * The demo student claims one of today's open slots of the organizer's town (with the demo
 * volunteer as the adult co-visitor: the student is a minor and the slots are in person),
 * submits a 40-minute visit confirmed by the elder's signature, and the organizer accepts it.
 */
export async function acceptedStudentVisit(request: APIRequestContext): Promise<AcceptedVisit> {
  const organizer = await tokenOf(request, 'town.organizer');
  const student = await tokenOf(request, 'student');
  const volunteer = await tokenOf(request, 'volunteer');
  const { me: org } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { me: stu } = await gql<{ me: { id: string; displayName: string } }>(request, student, '{ me { id displayName } }');
  const { me: vol } = await gql<{ me: { id: string } }>(request, volunteer, '{ me { id } }');
  const { day: today, month } = beijingToday();

  await gql(request, organizer, 'mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted } }', {
    m: month,
    a: org.areaCode,
  });
  const visitSlots = await openSlots<{ id: string; elderId: string; inPerson: boolean; windowFrom: string; windowTo: string }>(
    request,
    organizer,
    month,
    org.areaCode,
    'id elderId inPerson windowFrom windowTo',
  );
  const todays = visitSlots.filter((s) => s.windowFrom <= today && today <= s.windowTo);
  expect(todays.length, 'an open slot whose window holds today').toBeGreaterThan(0);
  // Preferably one whose window opened before the visit began (so the visit is not shortened
  // in the first minutes of a day: the school counts its minutes), else any.
  const visitBegan = now().getTime() - (VISIT_ENDED_MINUTES_AGO + VISIT_MINUTES) * 60_000;
  const whole = todays.filter((s) => beijingMidnight(s.windowFrom).getTime() <= visitBegan);
  const pool = whole.length > 0 ? whole : todays;
  // A random one, so that other specs taking "the first" slot are not disturbed.
  const slot = pool[Math.floor(Math.random() * pool.length)]!;
  await gql(request, student, 'mutation($s: String!, $c: String) { claimSlot(slotId: $s, coVisitorId: $c) { id } }', {
    s: slot.id,
    c: slot.inPerson ? vol.id : null,
  });

  const signature = await uploadPng(request, student, makePng(200, 80, [230, 230, 230]));

  // 40 minutes ending 5 minutes ago, but not starting before the slot's window opens.
  const { start, end } = visitTimes(slot.windowFrom, VISIT_ENDED_MINUTES_AGO, VISIT_MINUTES);
  const person = { id: stu.id, name: stu.displayName };
  const record = {
    formatVersion: '1.0.0',
    submissionId: randomUUID(),
    elderId: slot.elderId,
    slotId: slot.id,
    startedAt: beijingIso(start),
    endedAt: beijingIso(end),
    mode: 'in_person',
    visitor: person,
    health: { mobility: { scale: 'change', value: 'unchanged' } },
    safety: { gas: { scale: 'safety', value: 'safe' } },
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
  const submitted = await gql<{ submitVisitRecord: { record: { id: string; version: number } } }>(
    request,
    student,
    'mutation($r: String!) { submitVisitRecord(record: $r) { record { id version } } }',
    { r: JSON.stringify(record) },
  );
  const { id, version } = submitted.submitVisitRecord.record;
  const reviewed = await gql<{ reviewVisitRecord: { status: string } }>(
    request,
    organizer,
    'mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: ACCEPT, comment: "学校认定测试", version: $v) { status } }',
    { id, v: version },
  );
  expect(reviewed.reviewVisitRecord.status).toBe('ACCEPTED');
  return { recordId: id, elderId: slot.elderId, studentId: stu.id };
}

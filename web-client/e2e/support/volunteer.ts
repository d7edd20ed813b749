import type { APIRequestContext } from '@playwright/test';
import { beijingToday, gql, tokenOf } from './api';

export interface OpenSlot {
  id: string;
  elderId: string;
  windowFrom: string;
  windowTo: string;
  needsProfessional: boolean;
  modes: string[];
}

/**
 * Set-up: the town organizer generates this month's slots for the demo volunteer's town
 * (idempotent), and the open slots the volunteer sees are returned in the screen's order
 * (openSlotsNearMe, 14 days, every mode).
 */
export async function openSlotsForVolunteer(request: APIRequestContext): Promise<{ volunteer: string; organizer: string; slots: OpenSlot[] }> {
  const organizer = await tokenOf(request, 'town.organizer');
  const volunteer = await tokenOf(request, 'volunteer');
  const me = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  await gql(request, organizer, 'mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted } }', {
    m: beijingToday().month,
    a: me.me.areaCode,
  });
  const data = await gql<{ openSlotsNearMe: { slot: OpenSlot }[] }>(
    request,
    volunteer,
    '{ openSlotsNearMe(days: 14) { slot { id elderId windowFrom windowTo needsProfessional modes } } }',
  );
  return { volunteer, organizer, slots: data.openSlotsNearMe.map((n) => n.slot) };
}

/** Slots a demo volunteer can record a visit for today: window running, no professional needed. */
export function claimableToday(slots: OpenSlot[]): OpenSlot[] {
  const { day: today } = beijingToday();
  return slots.filter((s) => !s.needsProfessional && s.windowFrom <= today && today <= s.windowTo);
}

export interface MineRecord {
  id: string;
  slotId: string | null;
  submissionId: string;
  version: number;
  status: string;
}

/** The volunteer's own records (`visitRecords(mine: true)`). */
export async function myRecords(request: APIRequestContext, volunteer: string): Promise<MineRecord[]> {
  const data = await gql<{ visitRecords: { edges: { node: MineRecord }[] } }>(
    request,
    volunteer,
    '{ visitRecords(mine: true, first: 100) { edges { node { id slotId submissionId version status } } } }',
  );
  return data.visitRecords.edges.map((e) => e.node);
}

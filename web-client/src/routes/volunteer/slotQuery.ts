/** The slot list's filters and its query's variables: `SlotsPage`, and the first page the HTML asks for early (vite.config.ts). */

/** Slots per page (加载更多 loads the next). */
export const PAGE = 20;

export type SlotMode = 'all' | 'in' | 'remote';

export interface SlotFilters {
  days: number;
  mode: SlotMode;
  /** 0: any distance. */
  maxKm: number;
}

/** What the list shows when it opens. */
export const FIRST_FILTERS: SlotFilters = { days: 14, mode: 'all', maxKm: 0 };

/** `VolunteerNearbySlots`' variables for the filters (first page). */
export function slotsVars({ days, mode, maxKm }: SlotFilters) {
  return {
    days,
    inPerson: mode === 'all' ? undefined : mode === 'in',
    withinM: maxKm === 0 ? undefined : maxKm * 1000,
    first: PAGE,
  };
}

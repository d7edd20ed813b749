/** What the review screens read from a record's body (docs/record-format.md); all optional. */
export interface RecordImage {
  ref?: string;
  sha256: string;
  contentType?: string;
  caption?: string;
  takenAt?: string;
}

export interface RecordBody {
  visitor?: { id?: string; name?: string };
  coVisitors?: { name?: string }[];
  photos?: RecordImage[];
  problemsFound?: string;
  suggestions?: string;
  needsNote?: string;
  needs?: { need: string; needed: boolean; met?: boolean; urgent?: boolean; note?: string }[];
  confirmation?: {
    elder?: { method?: string; signature?: RecordImage; confirmedAt?: string };
    visitor?: { signature?: RecordImage; confirmedAt?: string };
  };
  [section: string]: unknown;
}

/** The sections of graded items, in the form's order. */
export const GRADED_SECTIONS = ['health', 'mental', 'safety', 'hygiene', 'environment'] as const;

/** Parses a record body; an unreadable one is an empty record (the screen still shows the envelope). */
export function parseBody(body: string | null | undefined): RecordBody {
  if (!body) return {};
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as RecordBody) : {};
  } catch {
    return {};
  }
}

/** The graded items of one section as `[item, value]`, e.g. `['mobility', 'unchanged']`. */
export function gradedItems(body: RecordBody, section: string): [string, string][] {
  const s = body[section];
  if (typeof s !== 'object' || s === null) return [];
  return Object.entries(s as Record<string, unknown>).flatMap(([key, v]) => {
    if (typeof v === 'object' && v !== null && 'value' in v) return [[key, String((v as { value: unknown }).value)] as [string, string]];
    if (typeof v === 'string') return [[key, v] as [string, string]];
    return [];
  });
}

/** The path of an uploaded image (GET with the bearer token). */
export function photoPath(sha256: string): string {
  return `/photos/${encodeURIComponent(sha256)}`;
}

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

/** The path of an uploaded image (GET with the bearer token). */
export function photoPath(sha256: string): string {
  return `/photos/${encodeURIComponent(sha256)}`;
}

import type { CareKind } from '../gql/graphql';

/** A kind of care the server offers for an elder (`careKinds`). */
export interface CareKindOption {
  /** One of the platform's kinds; null for a kind the district's pack lists. */
  kind: CareKind | null;
  /** The name of a kind the pack lists; null for the platform's kinds. */
  otherKind: string | null;
  /** Its Chinese name (理发, 心理疏导 …). */
  name: string;
  /** Whether the district's rules credit it to a volunteer's time bank. */
  earnsTime: boolean;
}

/** What a picker's value sends: `kind` or `otherKind`, the other one null. */
export interface CareInput {
  kind: CareKind | null;
  otherKind: string | null;
}

/** A picker's value for an option: a platform kind by its enum value, a pack's kind by its name. */
export function careValue(option: CareInput): string {
  return option.kind ? `kind:${option.kind}` : `other:${option.otherKind ?? ''}`;
}

/** The mutation's `kind` and `otherKind` for a picker's value (the inverse of `careValue`). */
export function careInput(value: string): CareInput {
  if (value.startsWith('kind:')) return { kind: value.slice('kind:'.length) as CareKind, otherKind: null };
  if (value.startsWith('other:')) return { kind: null, otherKind: value.slice('other:'.length) };
  return { kind: null, otherKind: null };
}

/**
 * The picker's options: the server's kinds for the elder once known, else the platform's
 * own (`fallback`, in order, none earning time as far as the client knows). The platform's
 * kinds are named by `label` (the screen's language); a pack's by its name, which only exists
 * in Chinese.
 */
export function careOptions(
  offered: CareKindOption[] | undefined,
  fallback: CareKind[],
  label: (kind: CareKind) => string,
): { value: string; label: string; earnsTime: boolean }[] {
  const options: CareKindOption[] = offered ?? fallback.map((kind) => ({ kind, otherKind: null, name: kind, earnsTime: false }));
  return options.map((o) => ({ value: careValue(o), label: o.kind ? label(o.kind) : o.name, earnsTime: o.earnsTime }));
}

/** The name of the care a picker's value stands for, as the options label it. */
export function careLabel(value: string, options: { value: string; label: string }[]): string {
  return options.find((o) => o.value === value)?.label ?? careInput(value).otherKind ?? '';
}

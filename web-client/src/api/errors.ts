/** One input problem, as the server names it in `extensions.fields`. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** A GraphQL error as it arrives on the wire. */
export interface WireError {
  message?: unknown;
  extensions?: { code?: unknown; fields?: unknown };
}

/** Codes the client itself produces, next to the server's (`UNAUTHENTICATED`, `INVALID_INPUT`, …). */
export const NETWORK = 'NETWORK';
export const UNKNOWN = 'UNKNOWN';

/** An error from the API (or from reaching it), with the input problems by field. */
export class ApiError extends Error {
  readonly code: string;
  readonly fields: FieldProblem[];

  constructor(code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }

  /** The problem with one input field, if the server named it. */
  fieldError(name: string): FieldProblem | undefined {
    return this.fields.find((f) => f.field === name);
  }

  /** Builds one error from a response's `errors` list; input problems of all of them are kept. */
  static fromWire(errors: readonly WireError[]): ApiError {
    const first = errors[0] ?? {};
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : UNKNOWN;
    const message = typeof first.message === 'string' ? first.message : '';
    const fields = errors.flatMap((e) => parseFields(e.extensions?.fields));
    return new ApiError(code, message, fields);
  }
}

function parseFields(raw: unknown): FieldProblem[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, code, message } = item as Record<string, unknown>;
    if (typeof field !== 'string') return [];
    return [{ field, code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : '' }];
  });
}

/** Any thrown value as an ApiError (network failures and bugs become `NETWORK` / `UNKNOWN`). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TypeError) return new ApiError(NETWORK, e.message);
  return new ApiError(UNKNOWN, e instanceof Error ? e.message : String(e));
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MeDocument, OrganizerAcceptPlanDocument, VolunteerWhoAmIDocument } from '../gql/graphql';
import { ApiError, request } from './client';
import { getSession, setSession } from './session';

const account = { id: 'u1', username: 'volunteer', displayName: '志愿者', role: 'VISITOR' as const, areaCode: null };
const me = { me: { ...account, visitorKind: 'VOLUNTEER', schoolId: null, elderId: null } };

function reply(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const unauthenticated = { errors: [{ message: '登录已失效', extensions: { code: 'UNAUTHENTICATED' } }] };

describe('request', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    setSession({ accessToken: 'old', accessExpiresAt: '2026-01-01T00:00:00Z', refreshToken: 'r1', account });
  });
  afterEach(() => {
    fetchMock.mockReset();
    vi.unstubAllGlobals();
    setSession(null);
  });

  it('sends the bearer token and returns data', async () => {
    fetchMock.mockResolvedValueOnce(reply({ data: me }));
    await expect(request(MeDocument)).resolves.toEqual(me);
    const init = fetchMock.mock.calls[0]?.[1];
    expect((init?.headers as Record<string, string>).authorization).toBe('Bearer old');
  });

  it('refreshes once on UNAUTHENTICATED and retries with the new token', async () => {
    fetchMock
      .mockResolvedValueOnce(reply(unauthenticated, 401))
      .mockResolvedValueOnce(
        reply({ data: { refresh: { accessToken: 'new', accessExpiresAt: 'x', refreshToken: 'r2', account } } }),
      )
      .mockResolvedValueOnce(reply({ data: me }));
    await expect(request(MeDocument)).resolves.toEqual(me);
    const refreshInit = fetchMock.mock.calls[1]?.[1];
    expect((refreshInit?.headers as Record<string, string>).authorization).toBeUndefined();
    expect(String(refreshInit?.body)).toContain('"refreshToken":"r1"');
    expect((fetchMock.mock.calls[2]?.[1]?.headers as Record<string, string>).authorization).toBe('Bearer new');
    expect(getSession()?.refreshToken).toBe('r2');
  });

  it('signs out when the refresh is refused', async () => {
    fetchMock.mockResolvedValueOnce(reply(unauthenticated, 401)).mockResolvedValueOnce(reply(unauthenticated, 401));
    await expect(request(MeDocument)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(getSession()).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('shares one refresh between concurrent requests', async () => {
    fetchMock.mockImplementation(async (_url, init) => {
      const body = String(init?.body);
      const auth = (init?.headers as Record<string, string>).authorization;
      if (body.includes('mutation Refresh')) {
        return reply({ data: { refresh: { accessToken: 'new', accessExpiresAt: 'x', refreshToken: 'r2', account } } });
      }
      return auth === 'Bearer new' ? reply({ data: me }) : reply(unauthenticated, 401);
    });
    await Promise.all([request(MeDocument), request(VolunteerWhoAmIDocument)]);
    const refreshes = fetchMock.mock.calls.filter(([, init]) => String(init?.body).includes('mutation Refresh'));
    expect(refreshes).toHaveLength(1);
  });

  it('sends a query asked twice at once only once, and a mutation every time', async () => {
    fetchMock.mockImplementation(async () => reply({ data: me }));
    const [a, b] = await Promise.all([request(MeDocument), request(MeDocument)]);
    expect(a).toEqual(me);
    expect(b).toEqual(me);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    // Once answered, asking again asks the server again.
    await request(MeDocument);
    expect(fetchMock).toHaveBeenCalledTimes(2);

    fetchMock.mockImplementation(async () => reply({ data: { acceptPlan: [] } }));
    await Promise.all([request(OrganizerAcceptPlanDocument, { assignments: [] }), request(OrganizerAcceptPlanDocument, { assignments: [] })]);
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });

  it('throws input errors with their fields', async () => {
    fetchMock.mockResolvedValueOnce(
      reply({ errors: [{ message: 'x', extensions: { code: 'INVALID_INPUT', fields: [{ field: 'month', code: 'bad_month', message: '月份格式应为 2026-11' }] } }] }, 400),
    );
    const e = await request(MeDocument).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).fieldError('month')?.code).toBe('bad_month');
  });

  it('reports an unreachable server as NETWORK', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(request(MeDocument)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

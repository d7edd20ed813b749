import { afterEach, describe, expect, it } from 'vitest';
import { requestBody, takeEarly } from './early';

const holder = globalThis as { __tanfangEarly?: Record<string, { token: string; response: Promise<Response> } | undefined> };

describe('early answers', () => {
  afterEach(() => {
    delete holder.__tanfangEarly;
  });

  it('are taken once, for the same body and the same token only', async () => {
    const body = requestBody('query A { a }', { first: 20 });
    const other = requestBody('query A { a }', { first: 21 });
    holder.__tanfangEarly = {
      [body]: { token: 'token-1', response: Promise.resolve(new Response('{"data":{"a":1}}')) },
      [other]: { token: 'token-1', response: Promise.resolve(new Response('{"data":{"a":2}}')) },
    };
    expect(takeEarly(requestBody('query A { a }', { first: 22 }), 'token-1')).toBeUndefined();
    const taken = takeEarly(body, 'token-1');
    expect(await (await taken!).json()).toEqual({ data: { a: 1 } });
    expect(takeEarly(body, 'token-1'), 'a second request sends its own').toBeUndefined();
    // Sent with a token that has since been replaced: not used, and not kept either.
    expect(takeEarly(other, 'token-2')).toBeUndefined();
    expect(takeEarly(other, 'token-1')).toBeUndefined();
  });

  it('are none when the page sent none', () => {
    expect(takeEarly(requestBody('query A { a }', {}), 'token-1')).toBeUndefined();
  });
});

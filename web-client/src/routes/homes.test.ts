import { describe, expect, it } from 'vitest';
import { afterLogin, homePath } from './homes';

describe('homePath', () => {
  it('sends each role to its home', () => {
    expect(homePath('VISITOR')).toBe('/v');
    expect(homePath('TOWN_ORGANIZER')).toBe('/o');
    expect(homePath('VILLAGE_STAFF')).toBe('/o');
    expect(homePath('SCHOOL_ADMIN')).toBe('/s');
    expect(homePath('DISTRICT_ADMIN')).toBe('/d');
    expect(homePath(null)).toBeNull();
  });
});

describe('afterLogin', () => {
  it('returns to the page that asked for sign-in when the role may see it', () => {
    expect(afterLogin('VISITOR', '/v/hours')).toBe('/v/hours');
    expect(afterLogin('VISITOR', '/o/risks')).toBe('/v');
    expect(afterLogin('VISITOR', '/vx')).toBe('/v');
    expect(afterLogin('TOWN_ORGANIZER', undefined)).toBe('/o');
    expect(afterLogin(null, '/v')).toBeNull();
  });
});

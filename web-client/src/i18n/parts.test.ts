import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { volunteerZh } from '../routes/volunteer/messages';
import { registerPart, setLang, shownNow, subscribe } from './parts';
import type { Parts } from './types';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'gql' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const withoutExt = (path: string) => path.replace(/\.tsx?$/, '');

describe('the dictionary parts', () => {
  const files = sources();
  // Each part and the module that registers it.
  const owner = new Map<string, string>();
  for (const file of files)
    for (const [, part] of readFileSync(file, 'utf8').matchAll(/registerPart\('(\w+)'/g)) owner.set(part!, withoutExt(file));

  it('are each registered by one module', () => {
    expect([...owner.keys()].sort()).toEqual(
      ['city', 'closedMonth', 'deadLetters', 'district', 'family', 'forms', 'organisation', 'organizer', 'school', 'settings', 'signUp', 'surgeBanner', 'volunteer'],
    );
  });

  it('are imported by every module that reads them, so they are in before it renders', () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const imported = new Set(
        [...text.matchAll(/^import (?:[^;]*? from )?'(\.[^']+)';/gm)].map(([, spec]) => withoutExt(resolve(dirname(file), spec!))),
      );
      const read = new Set([...text.matchAll(/\bt\.(\w+)\b/g)].map(([, part]) => part!).filter((p) => owner.has(p)));
      for (const part of read) {
        const module = owner.get(part)!;
        if (module !== withoutExt(file) && !imported.has(module)) missing.push(`${relative(SRC, file)} reads t.${part} without importing ${relative(SRC, module)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('switching language', () => {
  it('shows each registered part in English once it is in, and a part registered later too', async () => {
    let changes = 0;
    const stop = subscribe(() => changes++);
    // The volunteer's part is registered by its module (imported above); family's is not yet.
    expect(shownNow().t.volunteer.slots).toBe(volunteerZh.slots);
    expect(shownNow().t.app.logout).toBe('退出登录');
    expect('family' in shownNow().t).toBe(false);

    await setLang('en');
    expect(shownNow().lang).toBe('en');
    expect(shownNow().t.app.logout).toBe('Sign out');
    expect(shownNow().t.volunteer.slots).toBe('Slots');

    // A role's screens loaded while English is shown: Chinese at once, English when it is in.
    const { familyZh } = await import('../routes/family/messages');
    expect(shownNow().t.family).toBe(familyZh);
    await setLang('en');
    const { familyEn } = await import('../routes/family/messages.en');
    expect(shownNow().t.family).toBe(familyEn);

    await setLang('zh');
    expect(shownNow().t.volunteer.slots).toBe(volunteerZh.slots);
    expect(shownNow().t.family).toBe(familyZh);
    expect(changes).toBeGreaterThanOrEqual(3);
    stop();
  });

  it('keeps the first registration of a part', () => {
    registerPart('volunteer', structuredClone(volunteerZh), () => Promise.reject(new Error('not loaded')));
    expect(shownNow().t.volunteer).toBe(volunteerZh);
  });

  it('leaves the Chinese up when English cannot be loaded (no connection), and tries again when chosen again', async () => {
    const { cityEn } = await import('../routes/city/messages.en');
    const cityZh = { ...cityEn, nav: '市级导航' } as unknown as Parts['city'];
    let offline = true;
    registerPart('city', cityZh, () => (offline ? Promise.reject(new Error('offline')) : Promise.resolve(cityEn)));
    await expect(setLang('en')).rejects.toThrow('offline');
    expect(shownNow().t.city).toBe(cityZh);
    offline = false;
    await setLang('en');
    expect(shownNow().t.city).toBe(cityEn);
    await setLang('zh');
    expect(shownNow().t.city).toBe(cityZh);
  });
});

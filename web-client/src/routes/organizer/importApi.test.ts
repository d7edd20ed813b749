import { describe, expect, it } from 'vitest';
import { importPath, templatePath } from './importApi';

// The parameters of `POST /imports/elders` as api/src/http/imports.rs reads them (camelCase, `true`).
describe('import paths', () => {
  it('sends only the options ticked', () => {
    expect(importPath('500199001', { dryRun: true, validOnly: false, update: false })).toBe('/imports/elders?area=500199001&dryRun=true');
    expect(importPath('500199001', { dryRun: false, validOnly: true, update: true })).toBe(
      '/imports/elders?area=500199001&validOnly=true&update=true',
    );
    expect(importPath('500199001', { dryRun: false, validOnly: false, update: false })).toBe('/imports/elders?area=500199001');
  });

  it('asks the template for the area', () => {
    expect(templatePath('500199001')).toBe('/imports/template.xlsx?area=500199001');
  });
});

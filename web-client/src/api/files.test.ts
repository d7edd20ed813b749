import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition, httpError } from './files';

describe('files', () => {
  it('takes the Chinese file name from filename* before the ASCII fallback', () => {
    const name = '渝北区特殊困难老年人关爱服务信息台帐-2026年下半年.xlsx';
    const header = `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
    expect(fileNameFromDisposition(header)).toBe(name);
    expect(fileNameFromDisposition('attachment; filename="elder-1-yubei-2.html"')).toBe('elder-1-yubei-2.html');
    expect(fileNameFromDisposition('attachment')).toBeNull();
    expect(fileNameFromDisposition(null)).toBeNull();
  });

  it('keeps the field of an HTTP input error, and the 403 of a reason not allowed', () => {
    const short = httpError(400, { error: { code: 'too_short', message: '请具体说明', field: 'reason' } });
    expect(short.code).toBe('INVALID_INPUT');
    expect(short.fieldError('reason')?.message).toBe('请具体说明');
    const denied = httpError(403, { error: { code: 'forbidden', message: '无权查看', field: 'reason' } });
    expect(denied.code).toBe('FORBIDDEN');
    expect(denied.fieldError('reason')?.code).toBe('forbidden');
    const missing = httpError(404, { error: { code: 'NOT_FOUND', message: '老人档案不存在', field: null } });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.fields).toEqual([]);
    expect(httpError(500, 'not json').code).toBe('UNKNOWN');
  });
});

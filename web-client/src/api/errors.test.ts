import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './errors';

describe('ApiError.fromWire', () => {
  it('keeps the code, the message and the field problems', () => {
    const e = ApiError.fromWire([
      {
        message: '输入有误',
        extensions: {
          code: 'INVALID_INPUT',
          fields: [
            { field: 'idNumber', code: 'bad_checksum', message: '身份证号校验位错误' },
            { field: 'phone', code: 'bad_phone', message: '手机号格式错误' },
          ],
        },
      },
    ]);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('输入有误');
    expect(e.fieldError('phone')?.message).toBe('手机号格式错误');
    expect(e.fieldError('name')).toBeUndefined();
  });

  it('tolerates errors without extensions', () => {
    const e = ApiError.fromWire([{ message: 'Unknown field "x"' }]);
    expect(e.code).toBe('UNKNOWN');
    expect(e.fields).toEqual([]);
  });

  it('skips malformed field entries', () => {
    const e = ApiError.fromWire([{ extensions: { code: 'INVALID_INPUT', fields: [null, { code: 'x' }, { field: 'a' }] } }]);
    expect(e.fields).toEqual([{ field: 'a', code: '', message: '' }]);
  });
});

describe('toApiError', () => {
  it('turns a failed fetch into NETWORK', () => {
    expect(toApiError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
  });
  it('passes ApiErrors through', () => {
    const e = new ApiError('FORBIDDEN', 'no');
    expect(toApiError(e)).toBe(e);
  });
});

import { decode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { encodeBody, negotiateFormat } from '../../src/http/wire-format.js';

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/*', 'json'],
    ['application/json', 'json'],
    ['application/msgpack', 'msgpack'],
    ['application/x-msgpack', 'msgpack'],
    ['application/vnd.msgpack', 'msgpack'],
    ['application/msgpack, application/json', 'msgpack'],
    ['application/json, application/msgpack', 'json'],
    ['application/json;q=0.5, application/msgpack', 'msgpack'],
    ['application/msgpack;q=0.1, */*', 'json'],
    ['application/msgpack, */*;q=0.1', 'msgpack'],
    ['text/html, application/xhtml+xml, */*;q=0.8', 'json'],
    ['text/csv', null],
    ['application/json;q=0, application/msgpack;q=0', null],
    ['*/*, application/json;q=0', 'msgpack'],
  ] as const)('Accept %j -> %s', (accept, expected) => {
    expect(negotiateFormat(accept)).toBe(expected);
  });
});

describe('encodeBody', () => {
  it('writes plain MessagePack that another decoder reads as JSON would', () => {
    const body = {
      a: 1,
      skipped: undefined,
      list: [1, undefined, 2.5],
      nested: { big: 2 ** 40, tiny: 1e-300, text: 'NdFeB – Dy' },
    };
    const { contentType, payload } = encodeBody('msgpack', body);
    expect(contentType).toBe('application/msgpack');
    expect(decode(payload as Buffer)).toEqual(JSON.parse(JSON.stringify(body)));
  });
});

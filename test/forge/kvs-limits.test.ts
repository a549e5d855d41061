import { describe, expect, it } from 'vitest';
import { KvsLimitError, checkKey, checkValue } from '../../src/forge/kvs-limits';

describe('Forge KVS limits', () => {
  it('accepts the keys the bridge writes', () => {
    for (const key of ['setup:config', 'login-state:Abc_123-xyz', 'signin:9998205333599999:k3j4h5']) expect(checkKey(key)).toBe(key);
  });

  it.each(['', ' ', 'login-state:é', 'a/b', 'x'.repeat(501), 'key\u0000'])('refuses the key %j', (key) => {
    expect(() => checkKey(key)).toThrow(KvsLimitError);
  });

  it('refuses values over the size limit or too deeply nested', () => {
    expect(() => checkValue({ text: 'x'.repeat(240 * 1024) }, 240 * 1024)).toThrow(/over Forge's limit/);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 32; i++) deep = { deep };
    expect(() => checkValue(deep, 240 * 1024)).toThrow(/deeper than 31/);
    expect(checkValue({ a: 1 }, 10)).toEqual({ a: 1 });
  });
});

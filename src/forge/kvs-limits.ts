/**
 * The documented limits of Forge's Key-Value Store (Forge hosted storage limits):
 * keys of at most 500 characters matching the pattern below; values of at most 240 KiB,
 * secrets of at most 128 KiB; objects at most 31 levels deep. Checked before each call so
 * a violation is a clear error here rather than a platform failure in production.
 */
export const KVS_KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
export const KVS_KEY_MAX_LENGTH = 500;
export const KVS_VALUE_MAX_BYTES = 240 * 1024;
export const KVS_SECRET_MAX_BYTES = 128 * 1024;
export const KVS_MAX_DEPTH = 31;

export class KvsLimitError extends Error {
  override readonly name = 'KvsLimitError';
}

export function checkKey(key: string): string {
  if (key.length === 0 || key.length > KVS_KEY_MAX_LENGTH || !KVS_KEY_PATTERN.test(key)) {
    throw new KvsLimitError(`storage key not allowed by Forge (1-${KVS_KEY_MAX_LENGTH} characters of [a-zA-Z0-9:._-# ]): ${JSON.stringify(key.slice(0, 40))}`);
  }
  return key;
}

function depth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depth(child));
  return deepest + 1;
}

export function checkValue<T>(value: T, maxBytes: number): T {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > maxBytes) throw new KvsLimitError(`storage value of ${bytes} bytes is over Forge's limit of ${maxBytes} bytes`);
  if (depth(value) > KVS_MAX_DEPTH) throw new KvsLimitError(`storage value is nested deeper than ${KVS_MAX_DEPTH} levels`);
  return value;
}

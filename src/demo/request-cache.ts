import type { CacheItem, CacheProvider } from '@node-saml/node-saml';

/** node-saml's cache of AuthnRequest IDs (for InResponseTo checks), in memory, shared across SP instances. */
export class MemoryRequestCache implements CacheProvider {
  private readonly items = new Map<string, CacheItem>();

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const item = { value, createdAt: Date.now() };
    this.items.set(key, item);
    return item;
  }

  async getAsync(key: string): Promise<string | null> {
    return this.items.get(key)?.value ?? null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    const value = this.items.get(key)?.value ?? null;
    this.items.delete(key);
    return value;
  }
}

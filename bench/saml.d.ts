// auth0's `saml` package ships no types; the benchmark uses this one call.
declare module 'saml' {
  export const Saml20: { create(options: Record<string, unknown>): string };
}

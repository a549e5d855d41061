/**
 * Bounds on what an AuthnRequest may cost us. Guard's requests are under 1 KiB; these
 * leave generous room for other service providers while keeping a hostile request cheap.
 */
export const AUTHN_REQUEST_LIMITS = {
  /** The XML after base64 (and, for HTTP-Redirect, after inflating). */
  maxXmlBytes: 16 * 1024,
  /** The SAMLRequest parameter as received: base64 of at most maxXmlBytes, with room for line breaks. */
  maxEncodedChars: 24 * 1024,
  /** A whole HTTP-POST form body (SAMLRequest, RelayState, and whatever else an SP adds). */
  maxPostBodyBytes: 32 * 1024,
  /** Accepted difference between the SP's clock and ours, both ways. */
  clockSkewSeconds: 180,
  /** How old an AuthnRequest may be: the browser carries it to us within seconds. */
  maxAgeSeconds: 300,
  /** The longest xs:ID we echo back as InResponseTo. */
  maxIdLength: 256,
} as const;

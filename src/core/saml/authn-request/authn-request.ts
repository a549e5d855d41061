/** `samlp:RequestedAuthnContext` with its class references (declaration references are not supported). */
export interface RequestedAuthnContext {
  readonly comparison: 'exact' | 'minimum' | 'maximum' | 'better';
  readonly classRefs: readonly string[];
}

/** What the bridge keeps of a service provider's `samlp:AuthnRequest` (SAML core §3.4.1). */
export interface AuthnRequest {
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: Date;
  readonly destination?: string;
  readonly assertionConsumerServiceUrl?: string;
  readonly protocolBinding?: string;
  /** The SP wants the user to authenticate again (Entra ID: prompt=login). */
  readonly forceAuthn: boolean;
  readonly isPassive: boolean;
  readonly nameIdPolicy?: { readonly format?: string; readonly allowCreate?: boolean };
  /** A user the SP already knows (`saml:Subject/saml:NameID`), usable as a login hint. */
  readonly subjectNameId?: string;
  readonly requestedAuthnContext?: RequestedAuthnContext;
}

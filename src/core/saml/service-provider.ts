/** The service provider the bridge answers: Atlassian Guard's SAML connection, as saved by the admin. */
export interface ServiceProvider {
  /** Guard's "SP Entity ID", e.g. `https://auth.atlassian.com/saml/<id>`. */
  readonly entityId: string;
  /** Guard's "SP Assertion Consumer Service URL": the only place a Response is ever sent. */
  readonly acsUrl: string;
}

/** This bridge as a SAML identity provider. */
export interface IdentityProvider {
  /** The IdP Entity ID the admin pastes into Guard; the Issuer of every Response. */
  readonly entityId: string;
  /** The IdP SSO URL: where Guard sends AuthnRequests. */
  readonly ssoUrl: string;
}

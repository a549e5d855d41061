import { useState, type FormEvent } from 'react';
import { adminApi, type ApiError, type SetupView } from '../api';
import { download } from '../browser-actions';
import { CopyField } from './CopyField';
import { Field } from './Field';
import { SiteCheck } from './SiteCheck';
import { TRUST_CHANGE_UNCONFIRMED, TrustChangeConfirmation } from './TrustChangeConfirmation';
import { ErrorMessage, Message } from './Message';

const ENTITY_ID = /https:\/\/auth\.atlassian\.com\/saml\/[0-9a-f-]{36}/;
const ACS_URL = /https:\/\/auth\.atlassian\.com\/login\/callback\?connection=saml-[0-9a-f-]{36}/;

/** Step 2: give Guard the bridge's IdP details, and take Guard's SP details. */
export function StepGuard({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const [spEntityId, setSpEntityId] = useState(setup.guard?.spEntityId ?? '');
  const [acsUrl, setAcsUrl] = useState(setup.guard?.acsUrl ?? '');
  const [domains, setDomains] = useState((setup.guard?.allowedDomains ?? []).join(', '));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'saving' | 'key' | undefined>();
  const [outcome, setOutcome] = useState<{ saved: string } | { error: ApiError } | undefined>();
  const [confirming, setConfirming] = useState<ApiError>();

  function pasteFromGuard(text: string) {
    const entityId = ENTITY_ID.exec(text)?.[0];
    const acs = ACS_URL.exec(text)?.[0];
    if (entityId !== undefined) setSpEntityId(entityId);
    if (acs !== undefined) setAcsUrl(acs);
  }

  async function send(confirmTrustChange: boolean) {
    setBusy('saving');
    setOutcome(undefined);
    const allowedDomains = domains.split(/[\s,;]+/).filter((domain) => domain !== '');
    const answer = await adminApi.saveGuardStep({ spEntityId, acsUrl, allowedDomains, ...(confirmTrustChange && { confirmTrustChange: true as const }) });
    setBusy(undefined);
    setConfirming(undefined);
    if (answer.ok) {
      setFields({});
      setOutcome({ saved: 'Saved.' });
      onSaved(answer.value);
    } else if (answer.error.code === TRUST_CHANGE_UNCONFIRMED) {
      setConfirming(answer.error);
    } else {
      setFields(answer.error.fields ?? {});
      setOutcome({ error: answer.error });
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    void send(false);
  }

  async function keyAction(action: () => ReturnType<typeof adminApi.createSigningKey>, done: string) {
    setBusy('key');
    const answer = await action();
    setBusy(undefined);
    if (answer.ok) {
      setOutcome({ saved: done });
      onSaved(answer.value);
    } else setOutcome({ error: answer.error });
  }
  const createKey = () => keyAction(adminApi.createSigningKey, 'Signing key created.');

  const signing = setup.signing;
  return (
    <>
      <SiteCheck />
      <h3>Into Atlassian Guard</h3>
      <p>In admin.atlassian.com, open <em>Security → Identity providers</em>, add a SAML identity provider, and paste:</p>
      <CopyField label="IdP Entity ID" value={setup.endpoints.idpEntityId} />
      <CopyField label="IdP SSO URL" value={setup.endpoints.ssoUrl} />
      {signing === undefined ? (
        <Message appearance="information" title="The bridge needs a signing key.">
          <button type="button" className="button primary" onClick={createKey} disabled={busy !== undefined}>
            {busy === 'key' ? 'Creating…' : 'Create signing key'}
          </button>
        </Message>
      ) : (
        <>
          <CopyField label="Public X.509 certificate" value={signing.certificatePem} multiline />
          <dl className="facts">
            <dt>SHA-256 fingerprint</dt>
            <dd id="fingerprint">{signing.fingerprintSha256}</dd>
            <dt>Expires</dt>
            <dd>
              {new Date(signing.notAfter).toLocaleDateString()} ({signing.expiresInDays} days)
            </dd>
          </dl>
          {setup.trust !== undefined && <VouchesFor trust={setup.trust} />}
          {signing.expiresSoon && <Message appearance="warning" title="The certificate expires within 30 days: create a new key and give Guard its certificate." />}
          <div className="actions">
            <button type="button" className="button" onClick={() => download('entra-sso-bridge.pem', signing.certificatePem, 'application/x-pem-file')}>
              Download certificate (.pem)
            </button>
            <button type="button" className="button" onClick={() => download('entra-sso-bridge-metadata.xml', signing.metadataXml, 'application/samlmetadata+xml')}>
              Download metadata (.xml)
            </button>
          </div>
          <h3>Key rotation</h3>
          {setup.nextSigning === undefined ? (
            <p>
              To change the signing key without locking anyone out, prepare the next key, add its certificate to Atlassian Guard, then activate it.{' '}
              <button type="button" className="button" onClick={() => keyAction(adminApi.prepareNextSigningKey, 'Next key prepared: add its certificate to Guard, then activate it.')} disabled={busy !== undefined}>
                Prepare the next key
              </button>
            </p>
          ) : (
            <>
              <CopyField label="Next X.509 certificate" value={setup.nextSigning.certificatePem} multiline hint={`SHA-256 ${setup.nextSigning.fingerprintSha256}. The current key keeps signing until you activate this one.`} />
              <div className="actions">
                <button type="button" className="button" onClick={() => download('entra-sso-bridge-next.pem', setup.nextSigning?.certificatePem ?? '', 'application/x-pem-file')}>
                  Download next certificate (.pem)
                </button>
                <button type="button" className="button primary" onClick={() => keyAction(adminApi.activateNextSigningKey, 'The next key now signs.')} disabled={busy !== undefined}>
                  Activate the next key
                </button>
              </div>
            </>
          )}
          {setup.previousSigning !== undefined && (
            <p>
              Sign-ins failing since the last activation? Guard may still have the old certificate.{' '}
              <button type="button" className="button subtle" onClick={() => keyAction(adminApi.rollBackSigningKey, 'The previous key signs again.')} disabled={busy !== undefined}>
                Roll back to the previous key
              </button>
            </p>
          )}
        </>
      )}
      <h3>From Atlassian Guard</h3>
      <form onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor="guard-paste">Paste Guard’s SAML details (optional)</label>
          <textarea id="guard-paste" rows={3} onChange={(event) => pasteFromGuard(event.target.value)} aria-describedby="guard-paste-hint" />
          <p className="hint" id="guard-paste-hint">Paste the part of Guard’s screen with both URLs; the fields below are filled in.</p>
        </div>
        <Field label="SP Entity ID" value={spEntityId} onChange={(e) => setSpEntityId(e.target.value)} error={fields['spEntityId']} placeholder="https://auth.atlassian.com/saml/…" spellCheck={false} />
        <Field label="SP Assertion Consumer Service URL" value={acsUrl} onChange={(e) => setAcsUrl(e.target.value)} error={fields['acsUrl']} placeholder="https://auth.atlassian.com/login/callback?connection=saml-…" spellCheck={false} />
        <Field
          label="Allowed email domains"
          value={domains}
          onChange={(e) => setDomains(e.target.value)}
          error={fields['allowedDomains'] ?? Object.entries(fields).find(([key]) => key.startsWith('allowedDomains.'))?.[1]}
          hint="The domains verified in Atlassian Guard, separated by commas."
          spellCheck={false}
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy !== undefined}>
            {busy === 'saving' ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      {confirming !== undefined && <TrustChangeConfirmation error={confirming} busy={busy !== undefined} onConfirm={() => void send(true)} onCancel={() => setConfirming(undefined)} />}
      {outcome !== undefined && ('error' in outcome ? <ErrorMessage error={outcome.error} /> : <Message appearance="success" title={outcome.saved} />)}
    </>
  );
}

/** What the certificate vouches for: Guard trusts it for exactly these settings. */
function VouchesFor({ trust }: { trust: NonNullable<SetupView['trust']> }) {
  return (
    <div className="vouches" id="vouches-for">
      <p>
        <strong>This certificate vouches for</strong>
        {trust.bound ? '' : ' (bound once the setup is complete)'}:
      </p>
      <dl className="facts">
        <dt>Entra ID cloud</dt>
        <dd>{trust.settings.authority}</dd>
        <dt>Tenant ID</dt>
        <dd>{trust.settings.tenantId}</dd>
        <dt>Client ID</dt>
        <dd>{trust.settings.clientId}</dd>
        <dt>User identifier claim</dt>
        <dd>{trust.settings.nameIdClaim}</dd>
        <dt>Email domains</dt>
        <dd>{trust.settings.allowedDomains.join(', ')}</dd>
        <dt>Guard SP Entity ID</dt>
        <dd>{trust.settings.spEntityId}</dd>
      </dl>
      <p className="hint">Changing any of these replaces the signing certificate: an organization admin then pastes the new one into Atlassian Guard.</p>
    </div>
  );
}

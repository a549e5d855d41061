import { useEffect, useRef, useState } from 'react';
import { adminApi, type ApiError, type SetupView, type SignInRecord, type TestSignInResult } from '../api';
import { PortableConfiguration } from './PortableConfiguration';
import { openInNewWindow } from '../browser-actions';
import { ErrorMessage, Message } from './Message';
import { RecentSignIns } from './RecentSignIns';
import { AdminTrail } from './AdminTrail';
import { Refusals } from './Refusals';

const CHECKLIST = [
  'In Atlassian Administration, add the people who will sign in with Entra ID as members of an authentication policy.',
  'Keep a break-glass admin account outside the verified domains (or in a policy without SSO), so a setup mistake cannot lock everyone out.',
  'Test the sign-in in a private browser window with a non-admin account before enforcing.',
  'Enforce single sign-on in the authentication policy.',
];

type TestState = { phase: 'idle' } | { phase: 'waiting' } | { phase: 'done'; result: TestSignInResult } | { phase: 'error'; error: ApiError };

/** Step 3: the checklist, a test sign-in that sends nothing to Guard, and recent sign-ins. */
export function StepEnforce({ setup, records, onRefresh, onImported }: { setup: SetupView; records: SignInRecord[] | undefined; onRefresh: () => void; onImported: (view: SetupView) => void }) {
  const [test, setTest] = useState<TestState>({ phase: 'idle' });
  const [directory, setDirectory] = useState('');
  const polling = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearInterval(polling.current), []);

  async function runTest() {
    window.clearInterval(polling.current);
    const started = await adminApi.startTestSignIn(directory === '' ? undefined : directory);
    if (!started.ok) return setTest({ phase: 'error', error: started.error });
    setTest({ phase: 'waiting' });
    openInNewWindow(started.value.url);
    const until = Date.now() + 10 * 60 * 1000;
    polling.current = window.setInterval(async () => {
      const answer = await adminApi.getTestSignInResult(started.value.ticket);
      if (!answer.ok) {
        window.clearInterval(polling.current);
        setTest({ phase: 'error', error: answer.error });
      } else if (answer.value.status !== 'pending') {
        window.clearInterval(polling.current);
        setTest({ phase: 'done', result: answer.value });
        onRefresh();
      } else if (Date.now() > until) {
        window.clearInterval(polling.current);
        setTest({ phase: 'idle' });
      }
    }, 1000);
  }

  return (
    <>
      <h3>Checklist</h3>
      <ul className="checklist">
        {CHECKLIST.map((item, index) => (
          <li key={item}>
            <input type="checkbox" id={`check-${index}`} />
            <label htmlFor={`check-${index}`}>{item}</label>
          </li>
        ))}
      </ul>
      <h3>Test sign-in</h3>
      <p>Signs in through Entra ID in a new window and shows what the bridge would send to Atlassian Guard, without sending it.</p>
      {(setup.connections ?? []).length > 0 && (
        <div className="field">
          <label htmlFor="test-directory">Directory to test</label>
          <select id="test-directory" value={directory} onChange={(event) => setDirectory(event.target.value)}>
            <option value="">The Entra ID tenant of step 1</option>
            {(setup.connections ?? []).map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.id}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="actions">
        <button type="button" className="button primary" onClick={runTest} disabled={test.phase === 'waiting'}>
          {test.phase === 'waiting' ? 'Waiting for the test window…' : 'Test sign-in'}
        </button>
      </div>
      {test.phase === 'error' && <ErrorMessage error={test.error} />}
      {test.phase === 'done' && <TestReport result={test.result} />}
      <RecentSignIns records={records} onRefresh={onRefresh} />
      <Refusals />
      <AdminTrail />
      <PortableConfiguration onImported={onImported} />
    </>
  );
}

function TestReport({ result }: { result: TestSignInResult }) {
  if (result.status === 'failed') {
    return (
      <Message appearance="error" title={`Test sign-in failed: ${result.message ?? ''}`}>
        <p className="hint">
          Error code: <code>{result.code}</code>
        </p>
      </Message>
    );
  }
  return (
    <Message appearance="success" title="Test sign-in passed.">
      <p>
        NameID sent to Guard: <strong id="test-name-id">{result.nameId}</strong>
      </p>
      <table className="table">
        <caption className="visually-hidden">Attributes</caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {(result.attributes ?? []).map((attribute) => (
            <tr key={attribute.name}>
              <td>
                <code>{attribute.name}</code>
              </td>
              <td>{attribute.values.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="checks">
        {result.checks.map((check) => (
          <li key={check}>✓ {check}</li>
        ))}
      </ul>
    </Message>
  );
}

import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import DynamicTable from '@atlaskit/dynamic-table';
import { Label } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { adminApi, type ApiError, type ChecklistItem, type SetupView, type TestSignInResult } from '../api';
import { openInNewWindow } from '../browser-actions';
import { poll } from '../hooks/poll';
import { AdminTrail } from './AdminTrail';
import { ExternalLink } from './ExternalLink';
import { ErrorMessage, Note, Section, TableScroll, Working } from './Messages';
import { PortableConfiguration } from './PortableConfiguration';
import { RecentSignIns } from './RecentSignIns';
import { Refusals } from './Refusals';
import { useStepNavigation } from './step-navigation';

const ADMIN = 'https://admin.atlassian.com/';
const CHECKLIST: readonly { id: ChecklistItem; text: ReactNode }[] = [
  {
    id: 'members',
    text: (
      <>
        In <ExternalLink href={ADMIN}>Atlassian Administration</ExternalLink>, <em>Security → Authentication policies</em>: add the people who sign in with Entra ID to a
        policy that uses this identity provider.
      </>
    ),
  },
  {
    id: 'breakGlass',
    text: (
      <>
        Keep a break-glass organization admin in a policy without single sign-on (<ExternalLink href={ADMIN}>Security → Authentication policies</ExternalLink>), so a setup
        mistake cannot lock every admin out.
      </>
    ),
  },
  {
    id: 'privateWindow',
    text: (
      <>
        Sign in once as a member of that policy in a private browser window, at <ExternalLink href="https://id.atlassian.com/login">id.atlassian.com</ExternalLink>, before
        enforcing.
      </>
    ),
  },
  {
    id: 'enforce',
    text: (
      <>
        Enforce single sign-on in the authentication policy (<ExternalLink href={ADMIN}>Security → Authentication policies → your policy → Enforce single sign-on</ExternalLink>).
      </>
    ),
  },
];

/** How long the page waits for the test window; the ticket lives as long. */
const TEST_WAIT_MS = 10 * 60 * 1000;

type TestState = { phase: 'idle' } | { phase: 'starting' } | { phase: 'waiting' } | { phase: 'done'; result: TestSignInResult } | { phase: 'error'; error: ApiError };

/** Step 3: the checklist (saved as it is ticked), a test sign-in that sends nothing to Guard, and the trails. */
export function StepEnforce({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  const { refresh } = useStepNavigation();
  const [version, setVersion] = useState(0);
  return (
    <div className="stack">
      <Checklist setup={setup} onSaved={onSaved} />
      <TestSignIn
        setup={setup}
        onFinished={() => {
          setVersion((n) => n + 1);
          void refresh();
        }}
      />
      <RecentSignIns version={version} />
      <Refusals />
      <AdminTrail version={version} />
      <PortableConfiguration onImported={onSaved} />
    </div>
  );
}

function Checklist({ setup, onSaved }: { setup: SetupView; onSaved: (view: SetupView) => void }) {
  // Shown ticked at once; saved one save after another (each with the whole list), so ticks
  // made quickly arrive in order; a failed save says so with Retry.
  const [ticked, setTicked] = useState(setup.progress.checklist);
  const latest = useRef(ticked);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [failed, setFailed] = useState<ApiError>();
  const save = () => {
    queue.current = queue.current.then(async () => {
      const answer = await adminApi.saveChecklist({ checklist: latest.current });
      if (answer.ok) {
        setFailed(undefined);
        onSaved(answer.value);
      } else setFailed(answer.error);
    });
  };
  const toggle = (id: ChecklistItem, checked: boolean) => {
    latest.current = { ...latest.current, [id]: checked };
    setTicked(latest.current);
    save();
  };
  return (
    <Section id="checklist-heading" title="Checklist">
      <p className="hint">Ticks are saved as you make them; step 3 is verified once every item is ticked and a test sign-in passed with the current key.</p>
      <ul className="checklist">
        {CHECKLIST.map((item) => (
          <li key={item.id}>
            <Checkbox name={`checklist-${item.id}`} isChecked={ticked[item.id]} onChange={(event) => toggle(item.id, event.currentTarget.checked)} label={<span>{item.text}</span>} />
          </li>
        ))}
      </ul>
      {failed !== undefined && <ErrorMessage error={failed} onRetry={save} />}
    </Section>
  );
}

function TestSignIn({ setup, onFinished }: { setup: SetupView; onFinished: () => void }) {
  const [test, setTest] = useState<TestState>({ phase: 'idle' });
  const [directory, setDirectory] = useState('');
  const stop = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => stop.current?.(), []);
  const connections = setup.connections ?? [];

  async function run() {
    stop.current?.();
    setTest({ phase: 'starting' });
    const started = await adminApi.startTestSignIn(directory === '' ? {} : { connection: directory });
    if (!started.ok) return setTest({ phase: 'error', error: started.error });
    setTest({ phase: 'waiting' });
    openInNewWindow(started.value.url);
    stop.current = poll(
      async (signal) => {
        const answer = await adminApi.getTestSignInResult({ ticket: started.value.ticket }, { signal });
        if (signal.aborted) return 'stop';
        // A poll that failed is not the test's outcome: ask again until the deadline.
        if (!answer.ok || answer.value.status === 'pending') return 'again';
        setTest({ phase: 'done', result: answer.value });
        onFinished();
        return 'stop';
      },
      {
        deadlineMs: TEST_WAIT_MS,
        onTimeout: () =>
          setTest({
            phase: 'error',
            error: { code: 'WIZARD_TEST_TIMEOUT', message: 'No result from the test window after 10 minutes.', remedy: 'Start the test sign-in again, and finish it in the window it opens.' },
          }),
      },
    );
  }

  const cancel = () => {
    stop.current?.();
    setTest({ phase: 'idle' });
  };
  const busy = test.phase === 'starting' || test.phase === 'waiting';
  return (
    <Section id="test-heading" title="Test sign-in">
      <p>Signs in through Entra ID in a new window and shows what the bridge would send to Atlassian Guard, without sending it.</p>
      {connections.length > 0 && (
        <div>
          <Label htmlFor="test-directory" id="test-directory-label">
            Directory to test
          </Label>
          <RadioGroup
            name="test-directory"
            aria-labelledby="test-directory-label"
            value={directory}
            onChange={(event) => setDirectory(event.currentTarget.value)}
            options={[{ name: 'test-directory', value: '', label: 'The Entra ID tenant of step 1' }, ...connections.map((c) => ({ name: 'test-directory', value: c.id, label: c.id }))]}
          />
        </div>
      )}
      <div className="actions">
        <Button appearance="primary" onClick={() => void run()} isDisabled={busy || setup.signing === undefined}>
          Test sign-in
        </Button>
      </div>
      {test.phase === 'starting' && <Working label="Starting the test…" onCancel={cancel} />}
      {test.phase === 'waiting' && <Working label="Waiting for the test window…" onCancel={cancel} />}
      {test.phase === 'error' && <ErrorMessage error={test.error} onRetry={() => void run()} onCancel={cancel} />}
      {test.phase === 'done' && <TestReport result={test.result} />}
    </Section>
  );
}

/** What the callback recorded of the test: the directory, its client and the credential, then each check it made. */
function TestedBy({ result }: { result: TestSignInResult }) {
  const { directory } = result;
  return (
    <div className="stack">
      {directory !== undefined && (
        <dl className="facts" id="test-directory">
          <dt>Directory</dt>
          <dd>{directory.connection}</dd>
          <dt>Issuer</dt>
          <dd>
            <code>{directory.issuer}</code>
          </dd>
          <dt>Client ID</dt>
          <dd>
            <code>{directory.clientId}</code>
          </dd>
          {directory.credential !== undefined && (
            <>
              <dt>Credential</dt>
              <dd>{directory.credential}</dd>
            </>
          )}
        </dl>
      )}
      {result.checks.length > 0 && (
        <>
          <p>{result.status === 'passed' ? 'What the bridge checked, in order:' : 'What held before the test stopped:'}</p>
          <ul className="checklist" id="test-checks">
            {result.checks.map((check) => (
              <li key={check}>✓ {check}</li>
            ))}
          </ul>
        </>
      )}
      {result.claims !== undefined && (
        <p className="hint" id="test-claims">
          Claims in the ID token: {result.claims.join(', ')}
        </p>
      )}
    </div>
  );
}

function TestReport({ result }: { result: TestSignInResult }) {
  if (result.status === 'failed') {
    return (
      <Note appearance="error" title={`Test sign-in failed: ${result.message ?? ''}`}>
        <div className="stack">
          <p className="hint">
            Error code: <code>{result.code}</code>
          </p>
          <TestedBy result={result} />
        </div>
      </Note>
    );
  }
  return (
    <Note appearance="success" title="Test sign-in passed.">
      <div className="stack">
        <p>
          NameID sent to Guard: <strong id="test-name-id">{result.nameId}</strong>
        </p>
        <TableScroll label="Attributes">
          <DynamicTable
            caption={<span className="visually-hidden">Attributes</span>}
            head={{ cells: [{ key: 'name', content: 'Attribute' }, { key: 'value', content: 'Value' }] }}
            rows={(result.attributes ?? []).map((attribute) => ({
              key: attribute.name,
              cells: [
                { key: 'name', content: <code>{attribute.name}</code> },
                { key: 'value', content: attribute.values.join(', ') },
              ],
            }))}
          />
        </TableScroll>
        <TestedBy result={result} />
      </div>
    </Note>
  );
}

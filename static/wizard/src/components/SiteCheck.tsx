import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { useEffect, useRef, useState } from 'react';
import { adminApi, type ApiError, type SiteCheckReport } from '../api';
import { openInNewWindow } from '../browser-actions';
import { poll } from '../hooks/poll';
import { ErrorMessage, Note, Section, TableScroll, Working } from './Messages';

type CheckState = { phase: 'idle' } | { phase: 'running'; report?: SiteCheckReport } | { phase: 'done'; report: SiteCheckReport } | { phase: 'error'; error: ApiError };

const STATUS_TEXT = { passed: 'Passed', failed: 'Failed', waiting: 'Waiting', 'not-reached': 'Not reached' } as const;
const STATUS_LOOK = { passed: 'success', failed: 'removed', waiting: 'default', 'not-reached': 'default' } as const;
/** The check gives up waiting after this long; each step's own timeout is far shorter. */
const GIVE_UP_MS = 90_000;

/**
 * "Check this site": proves, on the admin's own site, each web-trigger behaviour the sign-in
 * depends on, in a new window, before any URL is registered in Entra ID or Guard.
 */
export function SiteCheck() {
  const [check, setCheck] = useState<CheckState>({ phase: 'idle' });
  const stop = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => stop.current?.(), []);

  async function run() {
    stop.current?.();
    setCheck({ phase: 'running' });
    const started = await adminApi.startSiteCheck();
    if (!started.ok) return setCheck({ phase: 'error', error: started.error });
    openInNewWindow(started.value.url);
    let latest: SiteCheckReport | undefined;
    stop.current = poll(
      async (signal) => {
        const answer = await adminApi.getSiteCheckResult({ ticket: started.value.ticket }, { signal });
        if (signal.aborted) return 'stop';
        // A failed poll is not the verdict: ask again (the deadline still ends it).
        if (!answer.ok) return 'again';
        latest = answer.value;
        if (answer.value.finished) {
          setCheck({ phase: 'done', report: answer.value });
          return 'stop';
        }
        setCheck({ phase: 'running', report: answer.value });
        return 'again';
      },
      { deadlineMs: GIVE_UP_MS, maxDelayMs: 4000, onTimeout: () => setCheck(latest === undefined ? { phase: 'idle' } : { phase: 'done', report: latest }) },
    );
  }

  const cancel = () => {
    stop.current?.();
    setCheck({ phase: 'idle' });
  };
  const report = check.phase === 'running' || check.phase === 'done' ? check.report : undefined;
  const failed = report?.behaviours.some((behaviour) => behaviour.status === 'failed') === true;
  return (
    <Section id="site-check-heading" title="Check this site">
      <div className="stack" data-phase={check.phase}>
      <p>
        Before you register the bridge’s URLs in Entra ID or Guard, prove that this site’s web triggers carry a sign-in: a new window runs three quick steps against them and
        reports each behaviour here.
      </p>
      <div className="actions">
        <Button onClick={() => void run()} isDisabled={check.phase === 'running'}>
          {check.phase === 'idle' ? 'Check this site' : 'Check again'}
        </Button>
      </div>
      {check.phase === 'running' && <Working label="Checking in the new window…" onCancel={cancel} />}
      {check.phase === 'error' && <ErrorMessage error={check.error} onRetry={() => void run()} onCancel={cancel} />}
      {report !== undefined && (
        <TableScroll id="site-check-results" label="Site check results">
          <DynamicTable
            caption={<span className="visually-hidden">Site check results</span>}
            head={{ cells: [{ key: 'behaviour', content: 'Behaviour the sign-in needs' }, { key: 'result', content: 'Result' }] }}
            rows={report.behaviours.map((behaviour) => ({
              key: behaviour.behaviour,
              cells: [
                {
                  key: 'behaviour',
                  content: (
                    <span data-behaviour={behaviour.behaviour} data-status={behaviour.status}>
                      {behaviour.label}
                      {behaviour.detail !== undefined && <span className="hint"> {behaviour.detail}</span>}
                    </span>
                  ),
                },
                { key: 'result', content: <Lozenge appearance={STATUS_LOOK[behaviour.status]}>{STATUS_TEXT[behaviour.status]}</Lozenge> },
              ],
            }))}
          />
        </TableScroll>
      )}
      {check.phase === 'done' && !failed && report?.finished === true && (
        <Note appearance="success" title="This site carries the sign-in: every behaviour passed.">
          <p>Register the Callback URL in Entra ID and the identity-provider details in Guard as the steps say.</p>
        </Note>
      )}
      {check.phase === 'done' && failed && (
        <Note appearance="warning" title="This site’s web triggers cannot carry the sign-in as they behave now.">
          <p>{report?.remedy}</p>
        </Note>
      )}
      </div>
    </Section>
  );
}

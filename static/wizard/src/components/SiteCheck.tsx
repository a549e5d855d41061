import { useEffect, useRef, useState } from 'react';
import { adminApi, type ApiError, type SiteCheckReport } from '../api';
import { openInNewWindow } from '../browser-actions';
import { ErrorMessage, Message } from './Message';

type CheckState = { phase: 'idle' } | { phase: 'running'; report?: SiteCheckReport } | { phase: 'done'; report: SiteCheckReport } | { phase: 'error'; error: ApiError };

const STATUS_TEXT = { passed: 'Passed', failed: 'Failed', waiting: 'Waiting', 'not-reached': 'Not reached' } as const;
const STATUS_CLASS = { passed: 'done', failed: 'refused', waiting: 'todo', 'not-reached': 'todo' } as const;
/** The check gives up waiting after this long; each step's own timeout is far shorter. */
const GIVE_UP_MS = 90_000;

/**
 * "Check this site": proves, on the admin's own site, each web-trigger behaviour the sign-in
 * depends on, in a new window, before any URL is registered in Entra ID or Guard. Polls one
 * call at a time (never overlapping), backing off, and stops when the verdict is in.
 */
export function SiteCheck() {
  const [check, setCheck] = useState<CheckState>({ phase: 'idle' });
  const timer = useRef<number | undefined>(undefined);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
      window.clearTimeout(timer.current);
    },
    [],
  );

  async function run() {
    window.clearTimeout(timer.current);
    setCheck({ phase: 'running' });
    const started = await adminApi.startSiteCheck();
    if (!alive.current) return;
    if (!started.ok) return setCheck({ phase: 'error', error: started.error });
    openInNewWindow(started.value.url);
    const until = Date.now() + GIVE_UP_MS;
    let delay = 1000;
    const poll = async () => {
      const answer = await adminApi.getSiteCheckResult(started.value.ticket);
      if (!alive.current) return;
      if (!answer.ok) return setCheck({ phase: 'error', error: answer.error });
      if (answer.value.finished || Date.now() > until) return setCheck({ phase: 'done', report: answer.value });
      setCheck({ phase: 'running', report: answer.value });
      delay = Math.min(delay * 1.5, 4000);
      timer.current = window.setTimeout(() => void poll(), delay);
    };
    timer.current = window.setTimeout(() => void poll(), delay);
  }

  const report = check.phase === 'running' || check.phase === 'done' ? check.report : undefined;
  const failed = report?.behaviours.some((behaviour) => behaviour.status === 'failed') === true;
  return (
    <section aria-labelledby="site-check-heading">
      <h3 id="site-check-heading">Check this site</h3>
      <p>
        Before you register the bridge’s URLs in Entra ID or Guard, prove that this site’s web triggers carry a sign-in: a new window runs three quick steps
        against them and reports each behaviour here.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={() => void run()} disabled={check.phase === 'running'}>
          {check.phase === 'running' ? 'Checking in the new window…' : check.phase === 'idle' ? 'Check this site' : 'Check again'}
        </button>
      </div>
      {check.phase === 'error' && <ErrorMessage error={check.error} />}
      {report !== undefined && (
        <table className="table" id="site-check-results">
          <caption className="visually-hidden">Site check results</caption>
          <thead>
            <tr>
              <th scope="col">Behaviour the sign-in needs</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {report.behaviours.map((behaviour) => (
              <tr key={behaviour.behaviour} data-behaviour={behaviour.behaviour} data-status={behaviour.status}>
                <td>
                  {behaviour.label}
                  {behaviour.detail !== undefined && <p className="hint">{behaviour.detail}</p>}
                </td>
                <td>
                  <span className={`lozenge ${STATUS_CLASS[behaviour.status]}`}>{STATUS_TEXT[behaviour.status]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {check.phase === 'done' && !failed && report?.finished === true && <Message appearance="success" title="This site carries the sign-in: every behaviour passed." />}
      {check.phase === 'done' && failed && (
        <Message appearance="warning" title="This site’s web triggers cannot carry the sign-in as they behave now.">
          <p>{report?.remedy}</p>
        </Message>
      )}
    </section>
  );
}

import './local-shim';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { adminApi, type ApiError, type SetupView, type SignInRecord } from './api';
import { ErrorMessage } from './components/Message';
import { ProgressTracker } from './components/ProgressTracker';
import { StepEnforce } from './components/StepEnforce';
import { StepEntra } from './components/StepEntra';
import { StepGuard } from './components/StepGuard';

const TITLES = ['Entra ID app', 'Atlassian Guard', 'Enforce'] as const;

/** The setup wizard: three steps, each done or to do from what is saved. */
function Wizard() {
  const [setup, setSetup] = useState<SetupView>();
  const [records, setRecords] = useState<SignInRecord[]>();
  const [error, setError] = useState<ApiError>();
  const [current, setCurrent] = useState<number>();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus follows the admin's own step changes, not the first display.
  const navigated = useRef(false);

  const refreshRecords = useCallback(() => {
    void adminApi.listRecentSignIns().then((answer) => answer.ok && setRecords(answer.value));
  }, []);

  useEffect(() => {
    void adminApi.getSetup().then((answer) => (answer.ok ? setSetup(answer.value) : setError(answer.error)));
    refreshRecords();
  }, [refreshRecords]);

  const testPassed = (records ?? []).some((record) => record.kind === 'test' && record.outcome === 'signed-in');
  const steps = setup === undefined ? [] : [setup.steps.entra, setup.steps.guard, testPassed].map((done, index) => ({ title: TITLES[index] ?? '', done }));

  // Opens where the admin left off, once; saving a step never moves the page away.
  useEffect(() => {
    if (current === undefined && setup !== undefined && records !== undefined) {
      const firstToDo = steps.findIndex((step) => !step.done);
      setCurrent(firstToDo === -1 ? 2 : firstToDo);
    }
  }, [current, setup, records, steps]);
  const shown = current ?? 0;

  const goTo = (index: number) => {
    navigated.current = true;
    setCurrent(index);
  };
  useEffect(() => {
    if (navigated.current) heading.current?.focus();
  }, [current]);

  if (error !== undefined) return <ErrorMessage error={error} />;
  if (setup === undefined || current === undefined) return <p>Loading the setup…</p>;
  return (
    <>
      <h1>Entra ID single sign-on</h1>
      <ProgressTracker steps={steps} current={shown} onSelect={goTo} />
      <section className="step" aria-labelledby="step-heading">
        <h2 id="step-heading" tabIndex={-1} ref={heading}>
          Step {shown + 1}: {TITLES[shown]}
        </h2>
        {shown === 0 && <StepEntra setup={setup} records={records} onSaved={setSetup} />}
        {shown === 1 && <StepGuard setup={setup} onSaved={setSetup} />}
        {shown === 2 && <StepEnforce setup={setup} records={records} onRefresh={refreshRecords} onImported={setSetup} />}
      </section>
      <div className="actions step-nav">
        {shown > 0 && (
          <button type="button" className="button" onClick={() => goTo(shown - 1)}>
            Back
          </button>
        )}
        {shown < 2 && (
          <button type="button" className="button" onClick={() => goTo(shown + 1)}>
            Next step
          </button>
        )}
      </div>
    </>
  );
}

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<Wizard />);

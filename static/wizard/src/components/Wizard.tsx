import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { ProgressTracker } from '@atlaskit/progress-tracker';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { adminApi, type SetupView } from '../api';
import { useAction } from '../hooks/use-action';
import { ConfirmModal } from './ConfirmModal';
import { AdminTokenForm } from './AdminTokenForm';
import { awaitsCertificateUpload } from './CertificateUpload';
import { ErrorMessage, Note, NoteHeadingLevel, Working } from './Messages';
import { StagedChange } from './StagedChange';
import { StepEnforce } from './StepEnforce';
import { StepEntra } from './StepEntra';
import { StepGuard } from './StepGuard';
import { StepNavigationContext } from './step-navigation';

const TITLES = ['Entra ID app', 'Atlassian Guard', 'Enforce'] as const;
type StepKey = keyof Pick<SetupView['progress'], 'entra' | 'guard' | 'enforce'>;
const KEYS: readonly StepKey[] = ['entra', 'guard', 'enforce'];

const STATUS_LOOK = { todo: 'default', saved: 'inprogress', done: 'success' } as const;

/**
 * Under the step's heading: what the bridge saw, and what is left. The status itself is
 * shown once, in the progress row above, in the bridge's words.
 */
export function StepStatus({ progress }: { progress: SetupView['progress'][StepKey] }) {
  if (progress.evidence === undefined && progress.next === undefined) return null;
  return (
    <p className="step-status" id="step-evidence">
      {[progress.evidence, progress.next].filter((text) => text !== undefined).join(' ')}
    </p>
  );
}

/** The setup wizard: three steps, any of which can be opened; the page opens at the first not verified. */
export function Wizard() {
  const load = useAction(adminApi.getSetup);
  const [setup, setSetup] = useState<SetupView>();
  const [current, setCurrent] = useState<number>();
  const [unsaved, setUnsaved] = useState(false);
  const [leaving, setLeaving] = useState<number>();
  const heading = useRef<HTMLDivElement>(null);
  const navigated = useRef(false);

  useEffect(() => {
    void load.run(undefined).then((answer) => {
      if (answer?.ok !== true) return;
      setSetup(answer.value);
      const firstOpen = KEYS.findIndex((key) => answer.value.progress[key].status !== 'done');
      setCurrent(firstOpen === -1 ? 2 : firstOpen);
    });
    // Loaded once; later changes arrive with each action's answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const open = useCallback((index: number) => {
    navigated.current = true;
    setUnsaved(false);
    setLeaving(undefined);
    setCurrent(index);
  }, []);
  const goTo = useCallback(
    (index: number) => {
      if (index === current) return;
      if (unsaved) setLeaving(index);
      else open(index);
    },
    [current, unsaved, open],
  );
  useEffect(() => {
    if (navigated.current) heading.current?.focus();
  }, [current]);

  // A failed refresh leaves the page as it was: the next action's answer brings the setup again.
  const refresh = useCallback(async () => {
    const answer = await adminApi.getSetup();
    if (answer.ok) setSetup(answer.value);
  }, []);
  const navigation = useMemo(() => ({ current: (current ?? 0) + 1, goTo, proceed: open, setUnsaved, refresh }), [current, goTo, open, refresh]);

  const reload = () => void load.retry().then((answer) => answer?.ok === true && (setSetup(answer.value), setCurrent(0)));
  const title = (
    <Heading size="large" as="h1">
      Entra ID single sign-on
    </Heading>
  );
  if (setup === undefined || current === undefined) {
    return (
      <div className="stack">
        {title}
        <NoteHeadingLevel.Provider value="h2">
          {load.state.phase === 'failed' && load.state.error.code === 'LOCAL_ADMIN_TOKEN_REFUSED' ? (
            <AdminTokenForm onEntered={reload} />
          ) : load.state.phase === 'failed' ? (
            <ErrorMessage error={load.state.error} onRetry={reload} />
          ) : (
            <Working label="Loading the setup…" />
          )}
        </NoteHeadingLevel.Provider>
      </div>
    );
  }

  // Every stage opens its step (the tracker links only "visited" stages, so the others are
  // marked so); the words and the lozenges under it say how far each is.
  const stages = KEYS.map((key, index) => ({
    id: key,
    label: `${index + 1} ${TITLES[index] ?? ''}`,
    percentageComplete: setup.progress[key].status === 'done' ? 100 : 0,
    status: index === current ? ('current' as const) : ('visited' as const),
    onClick: () => goTo(index),
  }));

  return (
    <StepNavigationContext.Provider value={navigation}>
      <div className="stack">
        {title}
        <nav aria-label="Setup progress" className="progress">
          <ProgressTracker
            items={stages}
            label="Setup progress"
            render={{
              link: ({ item }) => (
                <button type="button" className="stage-link" onClick={item.onClick}>
                  {item.label}
                </button>
              ),
            }}
          />
          <ul className="progress-summary">
            {KEYS.map((key, index) => (
              <li key={key}>
                <span>{`${index + 1} ${TITLES[index] ?? ''}`}</span> <Lozenge appearance={STATUS_LOOK[setup.progress[key].status]}>{setup.progress[key].summary}</Lozenge>
              </li>
            ))}
          </ul>
        </nav>
        <StagedChange setup={setup} onSaved={setSetup} />
        <section aria-labelledby="step-heading">
          <div className="step-heading" tabIndex={-1} ref={heading}>
            <Heading size="medium" as="h2" id="step-heading">
              {`Step ${current + 1}: ${TITLES[current] ?? ''}`}
            </Heading>
          </div>
          <StepStatus progress={setup.progress[KEYS[current] ?? 'entra']} />
          {current === 0 && <StepEntra setup={setup} onSaved={setSetup} />}
          {current > 0 && awaitsCertificateUpload(setup) ? (
            <Note appearance="warning" title="Step 1 is not finished: Entra ID does not have the bridge’s certificate yet.">
              <div className="stack">
                <p>Until the certificate is uploaded to the app registration, Entra ID refuses every sign-in. Upload it, then run Test connection or confirm the upload in step 1.</p>
                <div className="actions">
                  <Button appearance="primary" onClick={() => goTo(0)}>
                    Upload it in step 1
                  </Button>
                </div>
              </div>
            </Note>
          ) : (
            <>
              {current === 1 && <StepGuard setup={setup} onSaved={setSetup} />}
              {current === 2 && <StepEnforce setup={setup} onSaved={setSetup} />}
            </>
          )}
        </section>
        <div className="step-nav">
          {current > 0 ? <Button onClick={() => goTo(current - 1)}>{`Back to step ${current}`}</Button> : <span />}
          {current < 2 && <Button onClick={() => goTo(current + 1)}>{`Go to step ${current + 2}`}</Button>}
        </div>
      </div>
      <ConfirmModal
        open={leaving !== undefined}
        title="Leave this step without saving?"
        confirm="Discard the changes"
        cancel="Keep editing"
        onConfirm={() => leaving !== undefined && open(leaving)}
        onCancel={() => setLeaving(undefined)}
      >
        <p>This step has edits that are not saved. Leaving it discards them; what is saved stays as it is.</p>
      </ConfirmModal>
    </StepNavigationContext.Provider>
  );
}

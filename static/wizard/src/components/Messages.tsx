import Button from '@atlaskit/button/new';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { createContext, useContext, type ComponentProps, type ReactNode } from 'react';
import type { ApiError } from '../api';
import type { ActionState } from '../hooks/use-action';
import { useStepNavigation } from './step-navigation';

/**
 * Atlaskit's section message, titled one level under the section it sits in (a step is h2,
 * its sections h3): the page's headings stay an outline a screen reader can follow.
 */
export function Note(props: ComponentProps<typeof SectionMessage>) {
  const level = useContext(NoteHeadingLevel);
  return props.title === undefined ? <SectionMessage {...props} /> : <SectionMessage {...props} headingLevel={level} />;
}

type HeadingLevel = 'h2' | 'h3' | 'h4' | 'h5';
/** The heading level of notes here; a step's own notes are h3, those right under the page title h2. */
export const NoteHeadingLevel = createContext<HeadingLevel>('h3');

/** A part of a step under its own heading (h3, or h4 inside another); the notes in it sit one level lower. */
export function Section({ id, title, level = 3, children }: { id: string; title: string; level?: 3 | 4; children: ReactNode }) {
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <section className="section" aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      <NoteHeadingLevel.Provider value={level === 3 ? 'h4' : 'h5'}>{children}</NoteHeadingLevel.Provider>
    </section>
  );
}

const STEP_NAMES = { 1: 'Entra ID app', 2: 'Atlassian Guard', 3: 'Enforce' } as const;

/**
 * A refusal from the bridge (or from the way to it): what happened, what to do, the code;
 * where the remedy is in another step, a link there; Retry and Cancel when given.
 */
export function ErrorMessage({ error, onRetry, onCancel }: { error: ApiError; onRetry?: () => void; onCancel?: () => void }) {
  const { current, goTo } = useStepNavigation();
  const elsewhere = error.step !== undefined && error.step !== current ? error.step : undefined;
  const actions = [
    ...(onRetry === undefined ? [] : [<SectionMessageAction key="retry" onClick={onRetry}>Retry</SectionMessageAction>]),
    ...(onCancel === undefined ? [] : [<SectionMessageAction key="cancel" onClick={onCancel}>Cancel</SectionMessageAction>]),
    ...(elsewhere === undefined ? [] : [<SectionMessageAction key="step" onClick={() => goTo(elsewhere - 1)}>{`Go to step ${elsewhere}: ${STEP_NAMES[elsewhere]}`}</SectionMessageAction>]),
  ];
  return (
    <Note appearance="error" title={error.message} actions={actions}>
      <div className="stack">
        {error.remedy !== '' && <p>{error.remedy}</p>}
        <p className="hint">
          Error code: <code>{error.code}</code>
        </p>
      </div>
    </Note>
  );
}

/** A spinner with words, announced politely; Cancel stops the page waiting. */
export function Working({ label, onCancel }: { label: string; onCancel?: () => void }) {
  return (
    <div className="actions" role="status">
      <Spinner size="small" label={label} />
      <span>{label}</span>
      {onCancel !== undefined && (
        <Button appearance="subtle" onClick={onCancel}>
          Cancel
        </Button>
      )}
    </div>
  );
}

/**
 * Where an action's outcome appears, next to its button: working (with Cancel), the
 * success text, or the error with Retry and Cancel.
 */
export function ActionOutcome<T>({ state, working, done, onRetry, onCancel }: { state: ActionState<T>; working: string; done?: (value: T) => ReactNode; onRetry: () => void; onCancel: () => void }) {
  if (state.phase === 'running') return <Working label={working} onCancel={onCancel} />;
  if (state.phase === 'failed') return <ErrorMessage error={state.error} onRetry={onRetry} onCancel={onCancel} />;
  if (state.phase === 'done' && done !== undefined) return <>{done(state.value)}</>;
  return null;
}

export function Success({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Note appearance="success" title={title}>
      {children ?? null}
    </Note>
  );
}

/**
 * A wide table's own scrolling box (the page never scrolls sideways): focusable and named,
 * so a keyboard can scroll it too.
 */
export function TableScroll({ id, label, children }: { id?: string; label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" id={id} role="region" aria-label={`${label}, table`} tabIndex={0}>
      {children}
    </div>
  );
}

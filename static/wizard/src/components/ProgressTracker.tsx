export interface StepState {
  readonly title: string;
  readonly done: boolean;
}

/** The three steps, each done or to do from what is saved; any step can be opened. */
export function ProgressTracker({ steps, current, onSelect }: { steps: readonly StepState[]; current: number; onSelect: (index: number) => void }) {
  return (
    <nav aria-label="Setup progress">
      <ol className="progress">
        {steps.map((step, index) => (
          <li key={step.title} className={step.done ? 'done' : 'todo'}>
            <button type="button" aria-current={index === current ? 'step' : undefined} onClick={() => onSelect(index)}>
              <span className="step-number">{index + 1}</span> {step.title}
              <span className={`lozenge ${step.done ? 'done' : 'todo'}`}>{step.done ? 'Done' : 'To do'}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

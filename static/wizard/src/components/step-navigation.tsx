import { createContext, useContext } from 'react';

/** Which step is open, and a way to open another (it asks first when edits are unsaved). */
export interface StepNavigation {
  /** 1, 2 or 3. */
  readonly current: number;
  /** Opens the step at this index (0, 1 or 2); asks first when the open step has unsaved edits. */
  readonly goTo: (index: number) => void;
  /** Opens the step at this index without asking: the edits were just saved. */
  readonly proceed: (index: number) => void;
  /** A step's form tells whether it holds edits not saved yet. */
  readonly setUnsaved: (unsaved: boolean) => void;
  /** Reads the setup again (after a test, whose outcome changes the progress). */
  readonly refresh: () => Promise<void>;
}

export const StepNavigationContext = createContext<StepNavigation>({ current: 1, goTo: () => undefined, proceed: () => undefined, setUnsaved: () => undefined, refresh: async () => undefined });

export const useStepNavigation = () => useContext(StepNavigationContext);

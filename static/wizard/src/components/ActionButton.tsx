import Button from '@atlaskit/button/new';
import { useCallback, useState, type ReactNode } from 'react';
import type { ApiResult, CallOptions, SetupView } from '../api';
import { useAction } from '../hooks/use-action';
import { ConfirmModal } from './ConfirmModal';
import { ActionOutcome, Success } from './Messages';

type SetupCall = (payload: undefined, options: CallOptions) => Promise<ApiResult<SetupView>>;

export interface SetupActionProps {
  readonly label: string;
  readonly working: string;
  /** What the section says when it worked. */
  readonly done: string;
  readonly call: SetupCall;
  readonly appearance?: 'default' | 'primary' | 'subtle' | 'warning' | 'danger';
  readonly isDisabled?: boolean;
  /** Ask first: what will happen, and the words of the confirming button. */
  readonly confirm?: { readonly title: string; readonly body: ReactNode; readonly action: string; readonly appearance?: 'warning' | 'danger' };
}

/**
 * The buttons of one section of the page that change the setup (a key rotation, the client
 * certificate), sharing one place for the outcome right under them: working with Cancel,
 * done, or the error with Retry. The outcome stays when the buttons change (a prepared key
 * turns "Prepare" into "Activate"). With `confirm`, a dialog says what will happen first.
 */
export function useSetupActions(onSaved: (view: SetupView) => void) {
  const [current, setCurrent] = useState<{ call: SetupCall; working: string; done: string }>();
  const [asking, setAsking] = useState<SetupActionProps>();
  const invoke = useCallback((payload: SetupCall, options: CallOptions) => payload(undefined, options), []);
  const action = useAction(invoke, onSaved);

  const run = async (props: SetupActionProps) => {
    setAsking(undefined);
    setCurrent({ call: props.call, working: props.working, done: props.done });
    await action.run(props.call);
  };

  const button = (props: SetupActionProps) => (
    <Button
      key={props.label}
      appearance={props.appearance ?? 'default'}
      isDisabled={props.isDisabled === true || action.state.phase === 'running'}
      onClick={() => (props.confirm === undefined ? void run(props) : setAsking(props))}
    >
      {props.label}
    </Button>
  );

  const outcome = (
    <>
      <ActionOutcome state={action.state} working={current?.working ?? ''} onRetry={() => void action.retry()} onCancel={action.cancel} done={() => <Success title={current?.done ?? ''} />} />
      <ConfirmModal
        open={asking !== undefined}
        title={asking?.confirm?.title ?? ''}
        confirm={asking?.confirm?.action ?? ''}
        appearance={asking?.confirm?.appearance ?? 'warning'}
        onConfirm={() => asking !== undefined && void run(asking)}
        onCancel={() => setAsking(undefined)}
      >
        {asking?.confirm?.body}
      </ConfirmModal>
    </>
  );

  return { button, outcome, busy: action.state.phase === 'running' };
}

import type { FormApi } from '@atlaskit/form';
import { useRef, useState } from 'react';
import type { ApiError, ApiResult, SetupView } from '../api';
import { formErrors } from '../components/form-parts';
import { useStepNavigation } from '../components/step-navigation';
import { ErrorMessage, Success } from '../components/Messages';
import { SaveButtons } from '../components/form-parts';

/**
 * How a step's form saves: the bridge's field messages under their fields, anything else
 * above; once saved, the form starts from what was saved (nothing left unsaved) and, with
 * *Save and continue*, the next step opens. A change of trust is prepared by the bridge, not
 * applied: the page shows it above the steps, to activate once Guard has the new certificate.
 */
export function useStepSave<V extends object>(options: {
  readonly save: (values: V) => Promise<ApiResult<SetupView>>;
  readonly onSaved: (view: SetupView) => void;
  /** The step *Save and continue* opens (index 0–2). */
  readonly nextStep: number;
  readonly fields: readonly string[];
  /** What the form starts from after a save (a write-only secret is emptied). */
  readonly savedValues?: (values: V) => V;
  /**
   * Whether the saved step is done enough to go on: when not, *Save and continue* stays,
   * says what is left and moves the focus to the element with this id.
   */
  readonly holdFor?: { readonly until: (view: SetupView) => boolean; readonly focus: string; readonly message: string };
}) {
  const { proceed } = useStepNavigation();
  const continueAfter = useRef(true);
  const formApi = useRef<FormApi<V>>();
  const [saved, setSaved] = useState<'applied' | 'prepared' | 'held'>();
  const [formError, setFormError] = useState<ApiError>();

  async function send(values: V): Promise<Record<string, string> | undefined> {
    setSaved(undefined);
    setFormError(undefined);
    const answer = await options.save(values);
    if (!answer.ok) {
      if (answer.error.fields === undefined) setFormError(answer.error);
      return formErrors(answer.error.fields, options.fields);
    }
    const held = continueAfter.current && options.holdFor !== undefined && !options.holdFor.until(answer.value);
    setSaved(held ? 'held' : answer.value.staged === undefined ? 'applied' : 'prepared');
    options.onSaved(answer.value);
    const form = formApi.current;
    const start = options.savedValues?.(values) ?? values;
    setTimeout(() => {
      form?.initialize(start);
      if (held) document.getElementById(options.holdFor?.focus ?? '')?.focus();
    });
    if (continueAfter.current && !held) proceed(options.nextStep);
    return undefined;
  }

  /** The form's foot: Save and continue, Save, and what the last save said. */
  const footer = ({ saving, dirty }: { saving: boolean; dirty: boolean }) => (
    <>
      <div className="actions">
        <SaveButtons saving={saving} onChoice={(next) => (continueAfter.current = next)} />
      </div>
      {formError !== undefined && <ErrorMessage error={formError} />}
      {saved === 'applied' && !dirty && <Success title="Saved." />}
      {saved === 'prepared' && !dirty && <Success title="Saved as a prepared change: not in force until you activate it (above the steps)." />}
      {saved === 'held' && !dirty && <Success title={`Saved. ${options.holdFor?.message ?? ''}`} />}
    </>
  );

  return {
    footer,
    onSubmit: (values: V, form: FormApi<V>) => {
      formApi.current = form;
      return send(values);
    },
  };
}

import type { FormApi } from '@atlaskit/form';
import { useRef, useState } from 'react';
import { TRUST_CHANGE_UNCONFIRMED, type ApiError, type ApiResult, type SetupView } from '../api';
import { ConfirmModal } from '../components/ConfirmModal';
import { formErrors } from '../components/form-parts';
import { useStepNavigation } from '../components/step-navigation';
import { ErrorMessage, Success } from '../components/Messages';
import { SaveButtons } from '../components/form-parts';

/**
 * How a step's form saves: the bridge's field messages under their fields, anything else
 * above; a change of trust asked in a dialog and sent again confirmed; once saved, the form
 * starts from what was saved (nothing left unsaved) and, with *Save and continue*, the next
 * step opens.
 */
export function useStepSave<V extends object>(options: {
  readonly save: (values: V, confirmTrustChange: boolean) => Promise<ApiResult<SetupView>>;
  readonly onSaved: (view: SetupView) => void;
  /** The step *Save and continue* opens (index 0–2). */
  readonly nextStep: number;
  readonly fields: readonly string[];
  /** What the form starts from after a save (a write-only secret is emptied). */
  readonly savedValues?: (values: V) => V;
}) {
  const { proceed } = useStepNavigation();
  const continueAfter = useRef(true);
  const formApi = useRef<FormApi<V>>();
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<ApiError>();
  const [confirming, setConfirming] = useState<{ values: V; message: string }>();

  async function send(values: V, confirmTrustChange: boolean): Promise<Record<string, string> | undefined> {
    setSaved(false);
    setFormError(undefined);
    const answer = await options.save(values, confirmTrustChange);
    if (!answer.ok && answer.error.code === TRUST_CHANGE_UNCONFIRMED) {
      setConfirming({ values, message: answer.error.fields?.['trust'] ?? answer.error.remedy });
      return undefined;
    }
    setConfirming(undefined);
    if (!answer.ok) {
      if (answer.error.fields === undefined) setFormError(answer.error);
      return formErrors(answer.error.fields, options.fields);
    }
    setSaved(true);
    options.onSaved(answer.value);
    const form = formApi.current;
    const start = options.savedValues?.(values) ?? values;
    setTimeout(() => form?.initialize(start));
    if (continueAfter.current) proceed(options.nextStep);
    return undefined;
  }

  /** The form's foot: Save and continue, Save, and what the last save said. */
  const footer = ({ saving, dirty }: { saving: boolean; dirty: boolean }) => (
    <>
      <div className="actions">
        <SaveButtons saving={saving} onChoice={(next) => (continueAfter.current = next)} />
      </div>
      {formError !== undefined && <ErrorMessage error={formError} />}
      {saved && !dirty && <Success title="Saved." />}
    </>
  );

  return {
    footer,
    onSubmit: (values: V, form: FormApi<V>) => {
      formApi.current = form;
      return send(values, false);
    },
    trustDialog: (
      <ConfirmModal
        open={confirming !== undefined}
        title="This change replaces the signing certificate"
        confirm="Replace the certificate and save"
        onConfirm={() => confirming !== undefined && void send(confirming.values, true)}
        onCancel={() => setConfirming(undefined)}
      >
        <p>{confirming?.message}</p>
      </ConfirmModal>
    ),
  };
}

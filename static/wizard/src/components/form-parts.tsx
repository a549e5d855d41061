import Button from '@atlaskit/button/new';
import { ErrorMessage as FieldError, Field, HelperMessage } from '@atlaskit/form';
import Textfield from '@atlaskit/textfield';
import { useEffect, type ReactNode } from 'react';
import { useStepNavigation } from './step-navigation';

/** A text field of an Atlaskit Form, with its hint and, after a refused save, the bridge's message for it. */
export function TextField({
  name,
  label,
  hint,
  defaultValue = '',
  type = 'text',
  autoComplete = 'off',
  warning,
  isRequired = false,
  placeholder,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  defaultValue?: string;
  type?: 'text' | 'password' | 'date';
  autoComplete?: string;
  warning?: (value: string) => string | undefined;
  isRequired?: boolean;
  placeholder?: string;
}) {
  return (
    <Field<string> name={name} label={label} defaultValue={defaultValue} isRequired={isRequired}>
      {({ fieldProps, error: refused, meta }) => {
        // One message at a time, about the value in the field: the bridge's refusal of it, until
        // it is edited again; then (or without a refusal) the warning about what was typed.
        const error = meta.dirtySinceLastSubmit ? undefined : refused;
        const warned = error === undefined ? warning?.(fieldProps.value) : undefined;
        return (
          <>
            <Textfield {...fieldProps} type={type} autoComplete={autoComplete} spellCheck={false} placeholder={placeholder} />
            {(hint !== undefined || warned !== undefined) && (
              <HelperMessage>
                {hint}
                {warned !== undefined && <strong className="field-warning"> {warned}</strong>}
              </HelperMessage>
            )}
            {error !== undefined && <FieldError>{error}</FieldError>}
          </>
        );
      }}
    </Field>
  );
}

/** Tells the wizard whether the form holds edits not saved yet (it asks before leaving the step). */
export function UnsavedEdits({ dirty }: { dirty: boolean }) {
  const { setUnsaved } = useStepNavigation();
  useEffect(() => {
    setUnsaved(dirty);
    return () => setUnsaved(false);
  }, [dirty, setUnsaved]);
  return null;
}

/**
 * A step's save buttons, both submitting the form: "Save and continue" first (the usual
 * path), "Save" to stay on the step and test it. `onChoice` hears which one was pressed.
 */
export function SaveButtons({ saving, onChoice }: { saving: boolean; onChoice: (continueAfter: boolean) => void }) {
  return (
    <>
      <Button type="submit" appearance="primary" isLoading={saving} onClick={() => onChoice(true)}>
        Save and continue
      </Button>
      <Button type="submit" isDisabled={saving} onClick={() => onChoice(false)}>
        Save
      </Button>
    </>
  );
}

/**
 * A save's field messages for an Atlaskit Form, each under the form field it belongs to: the
 * bridge names `allowedDomains.2` or `connections.0.allowedDomains` where the form has one
 * field for the list, and some fields under another name (`aliases`).
 */
export function formErrors(fields: Record<string, string> | undefined, names: readonly string[], aliases: Readonly<Record<string, string>> = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    const segments = path.split('.');
    const name = names.find((candidate) => segments.includes(candidate)) ?? path;
    errors[aliases[name] ?? name] ??= message;
  }
  return errors;
}

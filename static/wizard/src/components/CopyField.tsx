import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { useEffect, useId, useState } from 'react';
import { copyText } from '../browser-actions';

/** How long "Copied" stays on the button before it offers to copy again. */
const COPIED_MS = 2000;

/** A value to paste into another console, with a copy button that says when it worked. */
export function CopyField({ label, value, multiline = false, hint, id: givenId }: { label: string; value: string; multiline?: boolean; hint?: string; id?: string }) {
  const generated = useId();
  const id = givenId ?? generated;
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status !== 'copied') return undefined;
    const timer = setTimeout(() => setStatus('idle'), COPIED_MS);
    return () => clearTimeout(timer);
  }, [status]);
  const described = hint === undefined ? undefined : `${id}-hint`;
  const visible = status === 'copied' ? 'Copied' : 'Copy';
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <div className="copy-field">
        {multiline ? (
          <TextArea id={id} isReadOnly value={value} minimumRows={6} resize="vertical" isMonospaced aria-describedby={described} />
        ) : (
          <Textfield id={id} isReadOnly value={value} isMonospaced aria-describedby={described} />
        )}
        {/* The accessible name starts with the visible word (WCAG 2.5.3). */}
        <Button aria-label={`${visible} ${label}`} onClick={async () => setStatus((await copyText(value)) ? 'copied' : 'failed')}>
          {visible}
        </Button>
      </div>
      {hint !== undefined && (
        <p className="hint" id={described}>
          {hint}
        </p>
      )}
      <span className="visually-hidden" aria-live="polite">
        {status === 'copied' ? `${label} copied` : status === 'failed' ? 'The browser did not allow copying; select the text and copy it' : ''}
      </span>
    </div>
  );
}

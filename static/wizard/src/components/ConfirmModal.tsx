import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import type { ReactNode } from 'react';

/**
 * Asks before a risky action (activate a key, roll back, import, a change of trust, leave
 * with unsaved edits), saying what will happen. The confirming button names the action.
 */
export function ConfirmModal({
  open,
  title,
  children,
  confirm,
  cancel = 'Cancel',
  appearance = 'warning',
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirm: string;
  cancel?: string;
  appearance?: 'warning' | 'danger';
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ModalTransition>
      {open && (
        <Modal onClose={onCancel} width="medium">
          <ModalHeader hasCloseButton>
            <ModalTitle appearance={appearance}>{title}</ModalTitle>
          </ModalHeader>
          <ModalBody>{children}</ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={onCancel} isDisabled={busy}>
              {cancel}
            </Button>
            <Button appearance={appearance} onClick={onConfirm} isLoading={busy}>
              {confirm}
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}

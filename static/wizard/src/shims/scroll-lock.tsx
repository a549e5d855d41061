import { useEffect, type ReactNode } from 'react';

/*
 * Stands in for react-scrolllock inside @atlaskit/modal-dialog (scripts/build.mjs aliases
 * it here). The original writes a <style> element to lock the page's scrolling, which the
 * admin page's CSP (style-src 'self') refuses; this toggles a class the wizard's own
 * stylesheet defines, counting nested dialogs.
 */
const LOCKED = 'scroll-locked';

function lock(): () => void {
  const root = document.documentElement;
  const count = Number(root.dataset['scrollLocks'] ?? '0') + 1;
  root.dataset['scrollLocks'] = String(count);
  root.classList.add(LOCKED);
  return () => {
    const left = Number(root.dataset['scrollLocks'] ?? '1') - 1;
    root.dataset['scrollLocks'] = String(left);
    if (left <= 0) root.classList.remove(LOCKED);
  };
}

export default function ScrollLock({ isActive = true, children }: { isActive?: boolean; children?: ReactNode }) {
  useEffect(() => (isActive ? lock() : undefined), [isActive]);
  return <>{children}</>;
}

export function TouchScrollable({ children }: { children?: ReactNode }) {
  return <>{children}</>;
}

import Link from '@atlaskit/link';
import type { ReactNode } from 'react';
import { openInNewWindow } from '../browser-actions';

/**
 * A link to another site (Entra admin center, Atlassian Administration), in the design
 * system's link colours and with its "opens a new window" label, opened as Jira allows.
 */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      onClick={(event) => {
        event.preventDefault();
        openInNewWindow(href);
      }}
    >
      {children}
    </Link>
  );
}

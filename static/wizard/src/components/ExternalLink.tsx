import type { ReactNode } from 'react';
import { openInNewWindow } from '../browser-actions';

/** A link to another site (Entra admin center, Atlassian Administration), in a new window as Jira allows. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      onClick={(event) => {
        event.preventDefault();
        openInNewWindow(href);
      }}
    >
      {children}
    </a>
  );
}

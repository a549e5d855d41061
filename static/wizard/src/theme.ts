import { view } from '@forge/bridge';
import { isLocalMode } from './local-mode';

/**
 * Light or dark, as the admin sees the rest of their screen. Inside Jira, Forge's
 * view.theme.enable() applies Jira's theme to this page (and follows changes); on the local
 * runtime the browser's prefers-color-scheme decides. The token stylesheet (tokens.css,
 * from @atlaskit/tokens) holds both themes; the attributes choose one.
 */
export function applyTheme(): void {
  const root = document.documentElement;
  root.dataset['theme'] = 'light:light dark:dark spacing:spacing typography:typography shape:shape';
  if (!isLocalMode()) {
    void view.theme.enable().catch(() => undefined);
    return;
  }
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const follow = () => {
    root.dataset['colorMode'] = dark.matches ? 'dark' : 'light';
  };
  follow();
  dark.addEventListener('change', follow);
}

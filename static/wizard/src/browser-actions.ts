import { router } from '@forge/bridge';
import { isLocalMode } from './local-mode';

/** Opens a URL in a new window: Jira's router inside Jira, window.open locally. */
export function openInNewWindow(url: string): void {
  if (isLocalMode()) window.open(url, '_blank', 'noopener');
  else void router.open(url);
}

/** Saves text as a file the browser downloads. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text to the clipboard; false when the browser refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

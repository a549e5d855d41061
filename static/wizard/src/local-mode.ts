/** The local runtime marks its copy of the page with a meta tag; inside Jira there is none. */
export function isLocalMode(): boolean {
  return document.querySelector('meta[name="bridge-transport"]')?.getAttribute('content') === 'local';
}

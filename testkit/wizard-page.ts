import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser';

/** Where the Chromium tests leave their screenshots. */
export const TEST_OUTPUT = join(process.cwd(), 'test-output');

export interface WizardPage {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** What Chromium reported as refused by a Content-Security-Policy, page by page. */
  readonly cspViolations: string[];
  /** Every console error and uncaught exception of the pages (the wizard should log none). */
  readonly consoleErrors: string[];
  close(): Promise<void>;
}

/** Chromium at a width and colour scheme, recording every CSP refusal the pages report. */
export async function openBrowser(options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<WizardPage> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const cspViolations: string[] = [];
  const consoleErrors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      // Chromium's own line for an HTTP 4xx answer (a refused save is one): the network's, not the page's.
      else if (!message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`));
  };
  context.on('page', watch);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await mkdir(TEST_OUTPUT, { recursive: true });
  return { browser, context, page, cspViolations, consoleErrors, close: () => browser.close() };
}

/**
 * axe-core (WCAG 2.2 A and AA, and best practice) on the page as it is now; fails the test
 * on any violation, naming each rule and the elements it found. axe is put in through the
 * DevTools protocol, so the page's own CSP stays as strict as it is in production.
 */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const source = await readFile(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  // Animations (a modal fading in) finished, so colours are measured as the person sees them.
  await page.waitForTimeout(300);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
  });
  expect(violations.join("\n"), `axe on ${state}`).toBe("");
}

/** The page never scrolls sideways (WCAG 1.4.10 reflow): wide content scrolls inside its own box. */
export async function expectNoHorizontalScroll(page: Page, state: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal overflow on ${state}`).toBeLessThanOrEqual(0);
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(TEST_OUTPUT, `${name}.png`), fullPage: true });
}

/** Opens a step by its stage in the progress tracker (or is already there). */
export async function openStep(page: Page, step: 1 | 2 | 3): Promise<void> {
  const title = ['Entra ID app', 'Atlassian Guard', 'Enforce'][step - 1] ?? '';
  const heading = page.locator('#step-heading');
  if ((await heading.textContent()) === `Step ${step}: ${title}`) return;
  await page.locator('nav[aria-label="Setup progress"]').getByRole('button', { name: `${step} ${title}` }).click();
  await expect.poll(() => heading.textContent()).toBe(`Step ${step}: ${title}`);
}

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startupOutput, stopProcess } from '../../testkit/cli-process';
import { freePort } from '../../testkit/free-port';
import { openBrowser } from '../../testkit/wizard-page';

/**
 * The local admin token, through the command line: made once and kept in the data folder
 * (0600), printed only when made; the page asks for it when it has none; `--blank` opens an
 * empty wizard for a real setup instead of the demo.
 */
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-admin-token-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function environmentWithoutToken(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  delete environment['ADMIN_TOKEN'];
  return environment;
}

async function start(args: readonly string[]) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/demo.mjs', '--port', String(port), '--data-dir', join(dir, 'data'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: environmentWithoutToken() });
  const output = await startupOutput(child);
  const url = /running at (\S+)/.exec(output)?.[1] ?? '';
  const invoke = async (token: string, action = 'getSetup') =>
    (await (await fetch(`${url}/api/invoke`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ action }) })).json()) as { ok: boolean; value?: { entra?: unknown }; error?: { code: string } };
  return { child, output, url, invoke };
}

describe('the local admin token', () => {
  it('is made at the first start, kept in the data folder for only its owner, and printed only then', async () => {
    const first = await start([]);
    const printed = /Admin wizard: +\S+\/admin\/#token=([\w-]+)/.exec(first.output)?.[1];
    expect(printed).toMatch(/^[\w-]{32}$/);
    const file = join(dir, 'data', 'admin-token');
    expect((await readFile(file, 'utf8')).trim()).toBe(printed);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await stopProcess(first.child);

    // A restart: the same token, so the address printed before still opens the wizard; it is not printed again.
    const second = await start([]);
    expect(second.output).not.toContain(printed ?? '');
    expect(second.output).toContain(`/admin/  (the admin token: ${file})`);
    expect(await second.invoke(printed ?? '')).toMatchObject({ ok: true });
    expect(await second.invoke('a-stale-token-of-another-start-0123456789')).toMatchObject({ ok: false, error: { code: 'LOCAL_ADMIN_TOKEN_REFUSED' } });

    // The page without a token asks for it, and opens once it is entered.
    const chromium = await openBrowser({ width: 1280 });
    try {
      const { page } = chromium;
      await page.goto(`${second.url}/admin/`);
      await page.getByText('This page does not carry this bridge’s admin token.').first().waitFor();
      await page.getByRole('form', { name: 'Admin token' }).getByLabel('Admin token').fill(printed ?? '');
      await page.getByRole('button', { name: 'Open the wizard' }).click();
      await page.getByRole('heading', { name: /^Step \d:/ }).waitFor();
    } finally {
      await chromium.close();
      await stopProcess(second.child);
    }
  });

  it('opens an empty wizard with --blank instead of the demo, and refuses --blank with --demo', async () => {
    const blank = await start(['--blank', '--data-dir', join(dir, 'blank')]);
    expect(blank.output).not.toContain('demo mode');
    const token = /#token=([\w-]+)/.exec(blank.output)?.[1] ?? '';
    const setup = await blank.invoke(token);
    expect(setup.ok).toBe(true);
    expect(setup.value?.entra).toBeUndefined();
    await stopProcess(blank.child);

    const both = await run(process.execPath, ['dist/demo.mjs', '--blank', '--demo', '--port', '0', '--data-dir', join(dir, 'both')]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(both?.code).toBe(1);
    expect(both?.stderr).toContain('--demo and --blank: choose one');
  });
});

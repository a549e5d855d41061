import type { spawn } from 'node:child_process';

/** What `npm start` prints up to "Press Ctrl+C": the bridge is then serving. */
export function startupOutput(child: ReturnType<typeof spawn>): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve(output);
      }
    });
  });
}

/** Stops a bridge process as a process manager does, and gives its exit code. */
export async function stopProcess(child: ReturnType<typeof spawn>): Promise<number | null> {
  child.kill('SIGTERM');
  return new Promise((resolve) => child.once('exit', resolve));
}

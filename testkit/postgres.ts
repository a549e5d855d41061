import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

/** A throw-away PostgreSQL cluster on 127.0.0.1 and a free port, owned by the postgres user (initdb refuses root). */
export interface PostgresCluster {
  readonly port: number;
  /** A connection URL for a database of its own. */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  destroy(): Promise<void>;
}

async function binaries(): Promise<string> {
  const majors = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  const major = majors[0];
  if (major === undefined) throw new Error('PostgreSQL is not installed (npm test installs Debian’s postgresql)');
  return `/usr/lib/postgresql/${major}/bin`;
}

async function asPostgres(program: string, args: readonly string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const { stdout } = asRoot ? await run('runuser', ['-u', 'postgres', '--', program, ...args], { cwd: '/tmp' }) : await run(program, [...args], { cwd: '/tmp' });
  return stdout;
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = await binaries();
  const base = await mkdtemp(join(tmpdir(), 'bridge-pg-'));
  const dataDir = join(base, 'data');
  const socketDir = join(base, 'socket');
  if (process.getuid?.() === 0) {
    await chmod(base, 0o755);
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(base, Number(stdout.trim()), Number(gid.trim()));
  }
  await asPostgres(`${bin}/initdb`, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  await asPostgres('mkdir', ['-p', socketDir]);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${socketDir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = () => asPostgres(`${bin}/pg_ctl`, ['-D', dataDir, '-o', options, '-w', '-t', '30', '-l', join(base, 'log'), 'start']).then(() => undefined);
  const stop = () => asPostgres(`${bin}/pg_ctl`, ['-D', dataDir, '-m', 'fast', '-w', 'stop']).then(() => undefined);
  await start();
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let running = true;
  return {
    port,
    url,
    async createDatabase(name) {
      await asPostgres(`${bin}/createdb`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return url(name);
    },
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}

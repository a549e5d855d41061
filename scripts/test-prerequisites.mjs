// Installs what the tests need that npm does not bring: Debian's Chromium (browser tests,
// driven by playwright-core), xmlsec1 (an independent check of every signature we make) and
// PostgreSQL (the self-hosted replicas' store; the tests run throw-away clusters of it).
// Runs before every `npm test`; does nothing when all are present.
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Debian puts each PostgreSQL major version's programs under /usr/lib/postgresql/<major>/bin. */
function hasPostgresServer() {
  if (!existsSync('/usr/lib/postgresql')) return false;
  return readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/initdb`) && existsSync(`/usr/lib/postgresql/${major}/bin/postgres`));
}

const needed = [
  { present: () => existsSync('/usr/bin/chromium'), debianPackage: 'chromium' },
  { present: () => existsSync('/usr/bin/xmlsec1'), debianPackage: 'xmlsec1' },
  { present: hasPostgresServer, debianPackage: 'postgresql' },
];

const missing = needed.filter((n) => !n.present()).map((n) => n.debianPackage);
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages: ${missing.join(', ')}.`);
    console.error(`Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing Debian packages for the tests: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

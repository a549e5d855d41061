// Installs what the tests need that npm does not bring: Debian's Chromium (browser tests,
// driven by playwright-core) and xmlsec1 (an independent check of every signature we make).
// Runs before every `npm test`; does nothing when both are present.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const needed = [
  { binary: '/usr/bin/chromium', debianPackage: 'chromium' },
  { binary: '/usr/bin/xmlsec1', debianPackage: 'xmlsec1' },
];

const missing = needed.filter((n) => !existsSync(n.binary)).map((n) => n.debianPackage);
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(`The tests need Debian packages: ${missing.join(', ')}.`);
    console.error(`Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing Debian packages for the tests: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env });
}

// Finds the Chromium that browser tests, end-to-end tests and benchmarks drive.
// Order: $CHROMIUM_PATH, then /usr/bin/chromium. When neither exists and we are
// root on a machine with apt, Debian's `chromium` is installed (no browser
// download works on locked-down machines, apt does). Otherwise we stop loudly:
// browser tests must never be skipped in silence.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean);
const found = candidates.find((path) => existsSync(path));

if (found) {
  console.log(`Chromium: ${found}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('Chromium not found; installing Debian chromium with apt-get…');
  execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit' });
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}

console.error(
  [
    'Chromium was not found, and the browser tests cannot run without it.',
    'Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH',
    'to a Chromium or Chrome executable, then run the tests again.',
  ].join('\n'),
);
process.exit(1);

// How every browser test, end-to-end test and benchmark in this repo launches Chromium.
// Debian's Chromium, headless, as root: no sandbox, and no background networking, which a
// closed network would answer with a stream of refused connections.
import process from 'node:process';

export const chromiumExecutablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

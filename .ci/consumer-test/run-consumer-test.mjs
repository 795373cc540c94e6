// The consumer test: sluice as a new user gets it. Packs every package with pnpm (which rewrites
// workspace: ranges), creates a fresh Vite + React + TypeScript app in a temp folder outside the
// workspace, installs the tarballs with npm (no workspace links), copies the chat the README tells
// users to copy, typechecks (bundler and node16, skipLibCheck off), builds, serves the build with
// /api proxied to the producer's bin from its tarball, and drives it in Chromium: it streams,
// virtualizes, and stops. Once with React 19, once with React 18.2.
//
// Usage: node .ci/consumer-test/run-consumer-test.mjs [--react 19,18] [--keep]
// Ends with one line: "consumer-test: N passed, M failed" (.ci/summarize-vitest.mjs adds it up).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumExecutablePath } from '../chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const workspace = resolve(here, '../..');

const { values } = parseArgs({
  options: {
    react: { type: 'string', default: '19,18' },
    keep: { type: 'boolean', default: false },
  },
});

/** What each run installs next to the tarballs, from the npm registry. */
const reactVariants = {
  19: { react: '19.3.1', 'react-dom': '19.3.1', '@types/react': '19.3.0', '@types/react-dom': '19.3.0' },
  18: { react: '18.2.0', 'react-dom': '18.2.0', '@types/react': '^18.2.0', '@types/react-dom': '^18.2.0' },
};
const toolchain = {
  '@types/node': '^20.19.0',
  '@vitejs/plugin-react': '6.3.0',
  typescript: '5.9.3',
  vite: '8.3.8',
};

/** The rows a virtualized transcript may keep in the DOM (the viewport's worth plus overscan). */
const maximumRenderedRows = 60;
const initialMessageCount = 2_000;

let passed = 0;
let failed = 0;
const children = new Set();

function log(line) {
  process.stdout.write(`${line}\n`);
}

// pnpm and npm pass their own settings to scripts as npm_config_* variables; the fresh app must
// install with npm's defaults, as it would on a user's machine.
function cleanEnvironment(extra = {}) {
  const environment = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(name)) continue;
    environment[name] = value;
  }
  return { ...environment, ...extra };
}

/** Runs a command to the end; rejects with its output when it fails. */
function run(command, args, { cwd, env = cleanEnvironment() } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output.trim()}`));
    });
  });
}

/** Starts a long-running process and resolves with the first match of `ready` in its stdout. */
function startService(command, args, { cwd, env, ready, name }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = output.replace(/\u001b\[[0-9;]*m/g, '').match(ready);
      if (match) resolvePromise({ child, match });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      reject(new Error(`${name} exited with ${code} before it was ready\n${output.trim()}`));
    });
  });
}

function stopService(service) {
  if (service === undefined || service.child.exitCode !== null) return;
  service.child.kill('SIGTERM');
}

/** How pnpm is run: the pnpm that runs this script (under `pnpm test`), else pnpm on PATH. */
function pnpmCommand(args) {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm/.test(execPath)) return [process.execPath, [execPath, ...args]];
  return ['pnpm', args];
}

// Seconds are printed for whoever tunes the run time; no check depends on them.
async function check(name, body) {
  const startedAt = performance.now();
  const seconds = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
  try {
    await body();
    passed += 1;
    log(`  ✓ ${name} (${seconds()})`);
    return true;
  } catch (error) {
    failed += 1;
    // Playwright's call logs run to dozens of coloured lines; the first few say what happened.
    const lines = String(error instanceof Error ? error.message : error)
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n');
    const shown = lines.length > 12 ? [...lines.slice(0, 12), `… ${lines.length - 12} more lines`] : lines;
    log(`  ✗ ${name} (${seconds()})\n${shown.map((line) => `      ${line}`).join('\n')}`);
    return false;
  }
}

function notRun(names, reason) {
  for (const name of names) {
    failed += 1;
    log(`  ✗ ${name} (not run: ${reason})`);
  }
}

/** Polls `read` until `accept` holds or the timeout passes; returns the last value read. */
async function waitFor(read, accept, { timeout = 20_000, interval = 50, what }) {
  const until = Date.now() + timeout;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeout / 1000} s`);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, interval));
    value = await read();
  }
  return value;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function publishablePackages() {
  const folder = join(workspace, 'packages');
  return readdirSync(folder)
    .map((name) => join(folder, name))
    .filter((path) => existsSync(join(path, 'package.json')))
    .map((path) => ({ path, manifest: JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true);
}

async function packAll(destination) {
  const tarballs = {};
  for (const { path, manifest } of publishablePackages()) {
    const [command, args] = pnpmCommand(['pack', '--pack-destination', destination]);
    // pnpm's own environment is kept here: its prepack script builds the package first.
    await run(command, args, { cwd: path, env: process.env });
    const file = `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
    assert(existsSync(join(destination, file)), `pnpm pack wrote no ${file}`);
    tarballs[manifest.name] = join(destination, file);
  }
  return tarballs;
}

function writeApp(appFolder, tarballs, reactVersions) {
  cpSync(join(here, 'app'), appFolder, { recursive: true });
  // The file the README tells users to copy, read now, so the test checks what they copy today.
  cpSync(join(workspace, 'apps/demo/src/chat.tsx'), join(appFolder, 'src/chat.tsx'));
  const manifest = {
    name: 'sluice-consumer-app',
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`])),
      react: reactVersions.react,
      'react-dom': reactVersions['react-dom'],
    },
    devDependencies: {
      ...toolchain,
      '@types/react': reactVersions['@types/react'],
      '@types/react-dom': reactVersions['@types/react-dom'],
    },
  };
  writeFileSync(join(appFolder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function readInstalledVersions(appFolder, names) {
  return Object.fromEntries(
    names.map((name) => [name, JSON.parse(readFileSync(join(appFolder, 'node_modules', name, 'package.json'), 'utf8')).version]),
  );
}

/** The transcript rows in the DOM; rejects when the page does not answer within 5 s. */
function countRows(page) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('the page did not answer within 5 s (main thread busy)')), 5_000);
  });
  const count = page.evaluate(() => document.querySelectorAll('.sluice-message').length);
  count.catch(() => {});
  return Promise.race([count, timeout]).finally(() => clearTimeout(timer));
}

function browserStepNames(reactMajor) {
  return [
    `React ${reactMajor}: the app loads and shows the transcript`,
    `React ${reactMajor}: virtualizes (fewer than ${maximumRenderedRows} of ${initialMessageCount} rows in the DOM)`,
    `React ${reactMajor}: streams (the answer's text grows)`,
    `React ${reactMajor}: stops (Stop → phase aborted)`,
    `React ${reactMajor}: the producer sees the disconnect, with 0 tokens after it`,
    `React ${reactMajor}: no errors in the page`,
  ];
}

async function drive(browser, previewUrl, producerUrl, reactMajor) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
  });
  const lastAnswer = page.locator('.sluice-message[data-role="assistant"]').last();
  let streamId = null;
  const steps = browserStepNames(reactMajor);
  try {
    if (
      !(await check(steps[0], async () => {
        await page.goto(previewUrl);
        // Polled from here, each look bounded: a transcript that renders all 2,000 rows (no
        // bounded height) keeps the page's main thread busy for many seconds, and a page-side
        // wait would only time out without saying how many rows there were.
        await waitFor(() => countRows(page).catch(() => 0), (rows) => rows > 0, { timeout: 90_000, interval: 250, what: 'rows rendered' });
      }))
    ) {
      notRun(steps.slice(1), 'the app did not load');
      return;
    }
    await check(steps[1], async () => {
      const rendered = await countRows(page);
      assert(rendered > 0, 'no rows rendered');
      assert(
        rendered < maximumRenderedRows,
        `${rendered} of ${initialMessageCount} rows are in the DOM: the transcript has no bounded height with only @sluice/react/styles.css`,
      );
    });
    const streamed = await check(steps[2], async () => {
      const chat = page.getByRole('region', { name: 'Chat' });
      await page.getByLabel('Prompt').fill('How does backpressure work?');
      await page.getByRole('button', { name: 'Send' }).click();
      streamId = await waitFor(() => chat.getAttribute('data-stream-id'), (id) => id !== null, { what: 'the chat request id' });
      const first = await waitFor(async () => (await lastAnswer.textContent())?.length ?? 0, (length) => length > 20, {
        what: 'the answer text length',
      });
      await waitFor(async () => (await lastAnswer.textContent())?.length ?? 0, (length) => length > first, {
        what: `the answer text length (first seen ${first})`,
      });
    });
    if (!streamed) {
      notRun(steps.slice(3, 5), 'nothing streamed');
    } else {
      const stopped = await check(steps[3], async () => {
        await page.getByRole('button', { name: 'Stop' }).click();
        await waitFor(() => lastAnswer.getAttribute('data-phase'), (phase) => phase === 'aborted', { what: 'the answer phase' });
      });
      if (!stopped) notRun(steps.slice(4, 5), 'Stop did not settle the answer');
      else {
        await check(steps[4], async () => {
          const readRecord = async () => {
            const response = await fetch(`${producerUrl}/stats?id=${encodeURIComponent(streamId)}`);
            return (await response.json()).streams.at(-1) ?? null;
          };
          const record = await waitFor(readRecord, (found) => found?.clientDisconnected === true, {
            what: 'the producer record',
          });
          assert(record.completed === false, 'the producer finished the answer, so Stop came too late to test anything');
          assert(record.tokensAfterDisconnect === 0, `the producer wrote ${record.tokensAfterDisconnect} tokens after the disconnect`);
        });
      }
    }
    await check(steps[5], async () => {
      assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
  } finally {
    await context.close();
  }
}

/** Writes the app and starts its npm install; the promise settles when the install does. */
function prepareVariant(reactMajor, tarballs, root) {
  const appFolder = join(root, `app-react-${reactMajor}`);
  writeApp(appFolder, tarballs, reactVariants[reactMajor]);
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: appFolder });
  // Handled where the variant's checks run; this only keeps an early failure from being unhandled.
  install.catch(() => {});
  return { appFolder, install };
}

async function runVariant(reactMajor, { appFolder, install }, browser) {
  const reactVersions = reactVariants[reactMajor];
  const names = [
    `React ${reactMajor}: npm installs the tarballs into a fresh app`,
    `React ${reactMajor}: typechecks under moduleResolution bundler (strict, skipLibCheck false)`,
    `React ${reactMajor}: typechecks the public API under moduleResolution node16 (skipLibCheck false)`,
    `React ${reactMajor}: vite build`,
  ];
  log(`\nconsumer-test: React ${reactMajor}`);
  const installed = await check(names[0], async () => {
    await install;
    const versions = await readInstalledVersions(appFolder, ['react', 'react-dom', '@sluice/core', '@sluice/react']);
    assert(versions.react === reactVersions.react, `installed react ${versions.react}, wanted ${reactVersions.react}`);
    // One @sluice/core, the packed one: @sluice/react must not have fetched another from the registry.
    const nested = join(appFolder, 'node_modules/@sluice/react/node_modules/@sluice/core');
    assert(!existsSync(nested), '@sluice/react installed a second @sluice/core instead of the packed one');
    log(`      installed ${Object.entries(versions).map(([name, version]) => `${name}@${version}`).join(', ')}`);
  });
  if (!installed) {
    notRun(names.slice(1), 'npm install failed');
    notRun(browserStepNames(reactMajor), 'npm install failed');
    return;
  }
  const tsc = join(appFolder, 'node_modules/typescript/bin/tsc');
  // The two typechecks are independent: run them at once (one per core), report them in turn.
  const bundlerCheck = run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: appFolder });
  const node16Check = run(process.execPath, [tsc, '-p', 'tsconfig.node16.json'], { cwd: appFolder });
  node16Check.catch(() => {});
  await check(names[1], () => bundlerCheck);
  await check(names[2], () => node16Check);
  const vite = join(appFolder, 'node_modules/vite/bin/vite.js');
  const built = await check(names[3], () => run(process.execPath, [vite, 'build'], { cwd: appFolder }));
  if (!built) {
    notRun(browserStepNames(reactMajor), 'the build failed');
    return;
  }

  let producer;
  let preview;
  try {
    producer = await startService(
      process.execPath,
      [join(appFolder, 'node_modules/.bin/sluice-producer'), '--port', '0', '--host', '127.0.0.1', '--quiet'],
      { cwd: appFolder, env: cleanEnvironment(), ready: /listening on (http:\/\/\S+)/, name: 'sluice-producer' },
    );
    const producerUrl = producer.match[1];
    preview = await startService(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', '0', '--strictPort'], {
      cwd: appFolder,
      env: cleanEnvironment({ SLUICE_PRODUCER_URL: producerUrl }),
      ready: /Local:\s+(http:\/\/\S+)/,
      name: 'vite preview',
    });
    await drive(browser, preview.match[1], producerUrl, reactMajor);
  } catch (error) {
    failed += 1;
    log(`  ✗ React ${reactMajor}: serving the app\n      ${error instanceof Error ? error.message : error}`);
  } finally {
    stopService(preview);
    stopService(producer);
  }
}

const root = mkdtempSync(join(tmpdir(), 'sluice-consumer-'));
let browser;
try {
  log(`consumer-test: working in ${root}`);
  const tarballFolder = join(root, 'tarballs');
  mkdirSync(tarballFolder);
  let tarballs = null;
  await check('pnpm pack every package', async () => {
    tarballs = await packAll(tarballFolder);
    for (const file of Object.values(tarballs)) {
      const listing = await run('tar', ['-xzOf', file, 'package/package.json']);
      assert(!listing.includes('workspace:'), `${file} still has a workspace: range`);
    }
    log(`      packed ${Object.keys(tarballs).join(', ')}`);
  });
  if (tarballs !== null) {
    const majors = values.react.split(',').map((value) => value.trim());
    for (const major of majors) {
      if (!(major in reactVariants)) throw new Error(`--react takes ${Object.keys(reactVariants).join(', ')}; got ${major}`);
    }
    // Both installs run at once (they wait on the network, not the CPU); the checks run in turn.
    const prepared = majors.map((major) => prepareVariant(major, tarballs, root));
    browser = await chromium.launch({ executablePath: chromiumExecutablePath, args: chromiumArgs, headless: true });
    for (const [index, major] of majors.entries()) await runVariant(major, prepared[index], browser);
  }
} catch (error) {
  failed += 1;
  log(`  ✗ consumer test harness: ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser?.close();
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (values.keep) log(`consumer-test: kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

log(`consumer-test: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

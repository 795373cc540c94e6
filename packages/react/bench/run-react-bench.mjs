/* global process, console, window -- Node script; `window` only inside page.evaluate callbacks */
/**
 * `pnpm bench:react`: builds the bench page (production React with the profiling renderer, so
 * `<Profiler onRender>` reports), serves it on 127.0.0.1, drives Debian Chromium with
 * playwright-core, and prints a Markdown table of medians over 3 runs. `--smoke` runs tiny sizes
 * once, for CI. Not a test: it reports numbers against the DESIGN.md budgets, it never fails a
 * build on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { chromiumArgs, chromiumExecutablePath } from '../../../.ci/chromium.mjs';

const smoke = process.argv.includes('--smoke');
// `--only small,large` runs a subset (for working on one number); the table shows what ran.
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? null : new Set((process.argv[onlyIndex + 1] ?? '').split(','));
const runs = smoke ? 1 : 3;
const pageRoot = join(dirname(fileURLToPath(import.meta.url)), 'page');
const outDir = mkdtempSync(join(tmpdir(), 'sluice-react-bench-'));

const sizes = smoke
  ? {
      rate: { rate: 2000, seconds: 0.3 },
      burst: { tokens: 5000, historySize: 100 },
      streamText: { tokens: 5000 },
      small: { bytes: 1024, rate: 2000, seconds: 0.3 },
      large: { bytes: 20 * 1024, rate: 2000, seconds: 0.3 },
      mount: { messages: 1000 },
      concurrent: { streams: 3, rate: 500, seconds: 0.3 },
      pacedRate: { rate: 2000, tokens: 600, maxLagMs: 300 },
      pacedBurst: { rate: 'burst', tokens: 5000, maxLagMs: 300 },
    }
  : {
      rate: { rate: 2000, seconds: 2 },
      burst: { tokens: 200_000, historySize: 5000 },
      streamText: { tokens: 200_000 },
      small: { bytes: 10 * 1024, rate: 2000, seconds: 1.5 },
      large: { bytes: 1024 * 1024, rate: 2000, seconds: 1.5 },
      mount: { messages: 100_000 },
      concurrent: { streams: 10, rate: 500, seconds: 2 },
      pacedRate: { rate: 2000, tokens: 4000, maxLagMs: 300 },
      pacedBurst: { rate: 'burst', tokens: 20_000, maxLagMs: 300 },
    };

const scenarios = [
  ['rate', 'streamAtRate', sizes.rate],
  ['burst', 'burst', sizes.burst],
  ['streamText', 'streamTextBurst', sizes.streamText],
  ['small', 'perFrameCost', sizes.small],
  ['large', 'perFrameCost', sizes.large],
  ['mount', 'mountLarge', sizes.mount],
  ['concurrent', 'concurrentHooks', sizes.concurrent],
  ['pacedRate', 'pacedStream', sizes.pacedRate],
  ['pacedBurst', 'pacedStream', sizes.pacedBurst],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function format(value, digits = 2) {
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

function formatBytes(bytes) {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

async function main() {
  await build({
    root: pageRoot,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: [react()],
    // Production React does not call Profiler callbacks; its profiling renderer does.
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  const server = await preview({
    root: pageRoot,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server reported no URL');

  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath,
    args: chromiumArgs,
    headless: true,
  });
  /** @type {Record<string, Array<Record<string, number>>>} */
  const results = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    for (let run = 1; run <= runs; run += 1) {
      for (const [key, name, options] of scenarios) {
        if (only && !only.has(key)) continue;
        // A fresh page per scenario: no heap, DOM or clock state carries over.
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
        await page.goto(url);
        await page.waitForFunction(() => 'sluiceBench' in window);
        const result = await page.evaluate(([scenario, scenarioOptions]) => window.sluiceBench.run(scenario, scenarioOptions), [name, options]);
        (results[key] ??= []).push(result);
        if (process.env.SLUICE_BENCH_DEBUG) console.error(key, JSON.stringify(result));
        await page.close();
        process.stderr.write(`run ${run}/${runs} ${key} done\n`);
      }
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
    rmSync(outDir, { recursive: true, force: true });
  }

  const pick = (key, field) => (results[key] ? median(results[key].map((result) => result[field])) : Number.NaN);
  const rateLabel = `${sizes.rate.rate.toLocaleString('en-US')} tokens/s`;
  const burstLabel = `${sizes.burst.tokens.toLocaleString('en-US')}-token burst, ${sizes.burst.historySize.toLocaleString('en-US')}-message history`;
  const smallLabel = formatBytes(sizes.small.bytes);
  const largeLabel = formatBytes(sizes.large.bytes);
  const commitRatio = pick('large', 'medianCommitMs') / Math.max(pick('small', 'medianCommitMs'), 0.001);
  const layoutRatio = pick('large', 'medianFlushToLayoutMs') / Math.max(pick('small', 'medianFlushToLayoutMs'), 0.001);
  const verdict = (ok) => (ok ? 'yes' : 'NO');

  const rows = [
    [`React commits per second, ${rateLabel} (animation frames per second)`, `${format(pick('rate', 'commitsPerSecond'), 1)} (${format(pick('rate', 'framesPerSecond'), 1)})`, '≤ frame rate', verdict(pick('rate', 'commitsPerSecond') <= pick('rate', 'framesPerSecond'))],
    [`Commits per frame, ${rateLabel} (mean / max in one frame)`, `${format(pick('rate', 'commitsPerFrame'))} / ${pick('rate', 'maxCommitsInFrame')}`, '≤ 1', verdict(pick('rate', 'commitsPerFrame') <= 1)],
    [`Commits per frame, ${burstLabel} (mean / max in one frame)`, `${format(pick('burst', 'commitsPerFrame'))} / ${pick('burst', 'maxCommitsInFrame')}`, '≤ 1', verdict(pick('burst', 'commitsPerFrame') <= 1)],
    [`Longest main-thread task during the burst (ms)`, format(pick('burst', 'longestTaskMs'), 1), '≤ 50', verdict(pick('burst', 'longestTaskMs') <= 50)],
    [`Longest animation frame during the burst (ms; frames over 50 ms)`, `${format(pick('burst', 'longestFrameMs'), 1)} (${pick('burst', 'longFrames')})`, 'info', ''],
    [`Burst duration (s)`, format(pick('burst', 'seconds')), 'info', ''],
    [`Longest flush interval the frame clock stretched to during the burst (ms)`, format(pick('burst', 'maxFlushIntervalMs'), 1), '≤ 250', verdict(pick('burst', 'maxFlushIntervalMs') <= 250)],
    [`<StreamText>, ${sizes.streamText.tokens.toLocaleString('en-US')}-token burst: duration (s); longest task (ms)`, `${format(pick('streamText', 'seconds'))}; ${format(pick('streamText', 'longestTaskMs'), 1)}`, 'info; ≤ 50', verdict(pick('streamText', 'longestTaskMs') <= 50)],
    [`<StreamText> burst: commits per frame (mean / max); longest frame (ms; frames over 50 ms); longest flush interval (ms)`, `${format(pick('streamText', 'commitsPerFrame'))} / ${pick('streamText', 'maxCommitsInFrame')}; ${format(pick('streamText', 'longestFrameMs'), 1)} (${pick('streamText', 'longFrames')}); ${format(pick('streamText', 'maxFlushIntervalMs'), 1)}`, '≤ 1', verdict(pick('streamText', 'commitsPerFrame') <= 1)],
    [`React render per commit (ms), ${smallLabel} → ${largeLabel} streaming message`, `${format(pick('small', 'medianCommitMs'), 3)} → ${format(pick('large', 'medianCommitMs'), 3)} (${format(commitRatio)}×)`, '≤ 1.5×', verdict(commitRatio <= 1.5)],
    [`Flush → commit per frame (ms), ${smallLabel} → ${largeLabel}`, `${format(pick('small', 'medianFlushToCommitMs'), 3)} → ${format(pick('large', 'medianFlushToCommitMs'), 3)}`, 'info', ''],
    [`Flush → layout per frame (ms), ${smallLabel} → ${largeLabel}`, `${format(pick('small', 'medianFlushToLayoutMs'), 3)} → ${format(pick('large', 'medianFlushToLayoutMs'), 3)} (${format(layoutRatio)}×)`, '≤ 1.5×', verdict(layoutRatio <= 1.5)],
    [`Mount, ${sizes.mount.messages.toLocaleString('en-US')}-message transcript (ms)`, format(pick('mount', 'mountMs'), 1), '< 100', verdict(pick('mount', 'mountMs') < 100)],
    [`DOM rows, ${sizes.mount.messages.toLocaleString('en-US')}-message transcript`, String(pick('mount', 'rows')), '< 60', verdict(pick('mount', 'rows') < 60)],
    [`Commits per frame, ${sizes.concurrent.streams} concurrent useTokenStream (mean / max in one frame)`, `${format(pick('concurrent', 'commitsPerFrame'))} / ${pick('concurrent', 'maxCommitsInFrame')}`, '≤ 1', verdict(pick('concurrent', 'commitsPerFrame') <= 1)],
    [`pace { maxLagMs: ${sizes.pacedRate.maxLagMs} }, ${sizes.pacedRate.rate.toLocaleString('en-US')} tokens/s into <StreamText>: arrival → published lag, max / mean (ms); longest gap between flushes (ms)`, `${format(pick('pacedRate', 'maxLagMs'), 1)} / ${format(pick('pacedRate', 'meanLagMs'), 1)}; ${format(pick('pacedRate', 'maxPublishGapMs'), 1)}`, `≤ ${sizes.pacedRate.maxLagMs} + a frame`, verdict(pick('pacedRate', 'maxLagMs') <= sizes.pacedRate.maxLagMs + 17)],
    [`pace, ${sizes.pacedRate.rate.toLocaleString('en-US')} tokens/s: commits per frame (mean / max in one frame; most publishes in one frame)`, `${format(pick('pacedRate', 'commitsPerFrame'))} / ${pick('pacedRate', 'maxCommitsInFrame')}; ${pick('pacedRate', 'maxPublishesInFrame')}`, '≤ 1', verdict(pick('pacedRate', 'maxCommitsInFrame') <= 1)],
    [`pace { maxLagMs: ${sizes.pacedBurst.maxLagMs} }, ${sizes.pacedBurst.tokens.toLocaleString('en-US')}-token burst into <StreamText>: lag max / mean (ms); longest gap between flushes (ms); duration (s)`, `${format(pick('pacedBurst', 'maxLagMs'), 1)} / ${format(pick('pacedBurst', 'meanLagMs'), 1)}; ${format(pick('pacedBurst', 'maxPublishGapMs'), 1)}; ${format(pick('pacedBurst', 'seconds'))}`, `≤ ${sizes.pacedBurst.maxLagMs} + a frame`, verdict(pick('pacedBurst', 'maxLagMs') <= sizes.pacedBurst.maxLagMs + 17)],
    [`pace, burst: commits per frame (mean / max in one frame; most publishes in one frame); longest frame (ms)`, `${format(pick('pacedBurst', 'commitsPerFrame'))} / ${pick('pacedBurst', 'maxCommitsInFrame')}; ${pick('pacedBurst', 'maxPublishesInFrame')}; ${format(pick('pacedBurst', 'longestFrameMs'), 1)}`, '≤ 1', verdict(pick('pacedBurst', 'maxCommitsInFrame') <= 1)],
  ];

  console.log(`\n### @sluice/react benchmark (${smoke ? 'smoke: tiny sizes, 1 run' : `median of ${runs} runs`}, headless Chromium)\n`);
  console.log('| measure | value | target | within |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) if (!row[1].includes('NaN')) console.log(`| ${row.join(' | ')} |`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

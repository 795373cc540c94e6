import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { startBenchServers, warmUpProducer } from './bench-servers';
import { checkInputClock } from './input-clock-check';
import { describeLongFrame } from './long-frame-trace';
import { machineInfo } from './machine-info';
import { measureBundleSizes } from './measure-bundle-sizes';
import type { BundleSize } from './measure-bundle-sizes';
import { runOnce } from './run-once';
import type { RunRecord } from './run-once';
import { runFigures } from './run-figures';
import type { ContenderEntry, Scenario } from './scenarios';
import { fullScenarios, selectsScenario, smokeScenarios } from './scenarios';
import { checkSmokeRecord } from './smoke-checks';
import { writeReport } from './write-report';
import { chromiumArgs, chromiumExecutablePath } from '../../../.ci/chromium.mjs';

/** All runs of one contender in one scenario. */
export interface ContenderResults {
  entry: ContenderEntry;
  runs: RunRecord[];
  /** Runs not attempted because an earlier one timed out. */
  skippedRuns: number;
}

export interface ScenarioResults {
  scenario: Scenario;
  contenders: ContenderResults[];
}

// `pnpm … bench -- --scenario burst` passes the `--` on; it separates nothing here.
const commandLine = process.argv.slice(2).filter((argument, index) => !(index === 0 && argument === '--'));

const { values: options } = parseArgs({
  args: commandLine,
  options: {
    smoke: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    scenario: { type: 'string', multiple: true },
    contender: { type: 'string', multiple: true },
    'no-report': { type: 'boolean', default: false },
    /** Rewrites docs/benchmarks.md from dist/results.json without running anything. */
    'report-only': { type: 'boolean', default: false },
    /** Reruns the selected scenarios and replaces them in dist/results.json before writing the report. */
    update: { type: 'boolean', default: false },
  },
});

function describeRun(record: RunRecord): string {
  const figures = runFigures(record);
  if (record.status !== 'ok' || figures === null) return `${record.status}: ${record.message ?? ''}`;
  const parts = [
    `commits/s ${figures.commitsPerSecond.toFixed(1)}`,
    `max/frame ${figures.maxCommitsPerFrame}`,
    `no new text ${figures.commitsWithoutNewText}/${figures.commits}`,
    `first→painted ${figures.firstByteToPaintedMs?.toFixed(0) ?? '-'} ms`,
    `last→painted ${figures.lastByteToPaintedMs?.toFixed(1) ?? '-'} ms / ${figures.lastByteToPaintedFrames ?? '-'} frames`,
    `frames ${figures.frames} (>50 ms: ${figures.framesOver50Ms}, interval p95/max ${figures.frameIntervalP95Ms?.toFixed(0) ?? '-'}/${figures.frameIntervalMaxMs?.toFixed(0) ?? '-'} ms)`,
    `input delay p95/max: press→handler ${figures.inputToHandlerP95Ms?.toFixed(0) ?? '-'}/${figures.inputToHandlerMaxMs?.toFixed(0) ?? '-'} ms, press→paint ${figures.inputToPaintP95Ms?.toFixed(0) ?? '-'}/${figures.inputToPaintMaxMs?.toFixed(0) ?? '-'} ms (${figures.inputPresses} presses)`,
    `long tasks ${figures.longTaskCount} (max ${figures.longTaskMaxMs.toFixed(0)} ms)`,
    `heap ${figures.peakHeapMb?.toFixed(1) ?? '-'} MB`,
    `drain ${figures.blockedOnDrainMs.toFixed(0)} ms`,
    `script/layout/style ${figures.scriptMs?.toFixed(0)}/${figures.layoutMs?.toFixed(0)}/${figures.styleMs?.toFixed(0)} ms (all tasks ${figures.mainThreadMs?.toFixed(0) ?? '-'} ms)`,
  ];
  if (record.page?.longestFrame) parts.push(`longest frame ${describeLongFrame(record.page.longestFrame)}`);
  if (record.metrics?.progress) {
    parts.push(`per-frame script+style+layout at 10 KB / 100 KB ${figures.frameCostAt10KbMs?.toFixed(1) ?? '-'} / ${figures.frameCostAt100KbMs?.toFixed(1) ?? '-'} ms`);
  }
  if (figures.abortToDisconnectMs !== null || record.page?.stop) {
    parts.push(`abort→disconnect ${figures.abortToDisconnectMs ?? '-'} ms, tokens after ${figures.tokensAfterDisconnect}, chars after ${figures.charsPaintedAfterStop}`);
  }
  return parts.join(', ');
}

const outputDirectory = fileURLToPath(new URL('../dist/', import.meta.url));
const docsDirectory = fileURLToPath(new URL('../../../docs/', import.meta.url));

interface SavedResults {
  machine: ReturnType<typeof machineInfo>;
  runs: number;
  durationMinutes: number;
  results: ScenarioResults[];
  /** Measured with the markdown scenarios. */
  bundleSizes?: BundleSize[];
}

async function main(): Promise<number> {
  if (options['report-only']) {
    const saved = JSON.parse(readFileSync(`${outputDirectory}results.json`, 'utf8')) as SavedResults;
    writeReport(docsDirectory, { machine: saved.machine, runsPerContender: saved.runs, results: saved.results, durationMinutes: saved.durationMinutes, bundleSizes: saved.bundleSizes });
    console.log(`wrote ${docsDirectory}benchmarks.md from ${outputDirectory}results.json`);
    return 0;
  }
  if (!existsSync(chromiumExecutablePath)) {
    // No skip: a missing browser is a broken CI machine, not a reason to pass.
    console.error(`Chromium not found at ${chromiumExecutablePath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    return 1;
  }
  const runs = options.smoke ? 1 : Number(options.runs);
  const scenarios = (options.smoke ? smokeScenarios : fullScenarios)
    .filter((scenario) => !options.scenario || options.scenario.some((name) => selectsScenario(name, scenario.key)))
    .map((scenario) => ({
      ...scenario,
      contenders: scenario.contenders.filter((entry) => !options.contender || options.contender.includes(entry.contender)),
    }));

  const startedAt = Date.now();
  const servers = await startBenchServers();
  let browser: Browser = await chromium.launch({ executablePath: chromiumExecutablePath, args: chromiumArgs, headless: true });
  const machine = machineInfo(browser);
  console.log(`page ${servers.pageUrl}, producer ${servers.producerUrl}, ${machine.browser}, ${machine.cpuCount} × ${machine.cpuModel}`);

  const results: ScenarioResults[] = [];
  const smokeFailures: string[] = [];
  try {
    // What the input-delay figures rest on; a few seconds, so every run checks it.
    const clockFailures = await checkInputClock(browser);
    console.log(clockFailures.length === 0 ? 'input clock: a CDP key press carries its dispatch time on the page clock' : clockFailures.join('\n'));
    if (clockFailures.length > 0) {
      if (options.smoke) smokeFailures.push(...clockFailures);
      else throw new Error('the input-delay clock check failed; the input-delay figures would be wrong');
    }
    for (const scenario of scenarios) {
      const scenarioResults: ScenarioResults = {
        scenario,
        contenders: scenario.contenders.map((entry) => ({ entry, runs: [], skippedRuns: 0 })),
      };
      results.push(scenarioResults);
      console.log(`\n${scenario.title}`);
      await warmUpProducer(servers.producerUrl, scenario);
      // Round-robin (run 1 of every contender, then run 2, …) so slow drifts of a shared machine
      // spread over all contenders instead of landing on one.
      for (let run = 1; run <= runs; run += 1) {
        for (const contenderResults of scenarioResults.contenders) {
          const { entry } = contenderResults;
          if (contenderResults.runs.some((record) => record.status === 'timed out')) {
            // A peer that froze once will freeze again; its remaining runs would only burn minutes.
            contenderResults.skippedRuns += 1;
            continue;
          }
          if (!browser.isConnected()) browser = await chromium.launch({ executablePath: chromiumExecutablePath, args: chromiumArgs, headless: true });
          const record = await runOnce(browser, servers, scenario, entry);
          contenderResults.runs.push(record);
          console.log(`  ${entry.label} #${run}: ${describeRun(record)}`);
          if (options.smoke) smokeFailures.push(...checkSmokeRecord(scenario, entry, record));
          if (record.status === 'timed out') {
            // The renderer may still be spinning; a fresh browser keeps it from slowing the next runs.
            await browser.close().catch(() => undefined);
          }
        }
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await servers.close();
  }
  // Builds, not browser runs: after the runs, so they do not compete with them for the cores.
  let bundleSizes: BundleSize[] | undefined;
  if (scenarios.some((scenario) => scenario.parameters.markdownBytes > 0 && scenario.contenders.length > 0)) {
    try {
      bundleSizes = await measureBundleSizes();
      console.log('\nbundle sizes (minified + gzip, React external):');
      for (const size of bundleSizes) console.log(`  ${size.label}: ${(size.gzipBytes / 1000).toFixed(1)} kB (${(size.minifiedBytes / 1000).toFixed(1)} kB minified; lazy chunks ${(size.lazyGzipBytes / 1000).toFixed(1)} kB)`);
      if (options.smoke) smokeFailures.push(...bundleSizes.filter((size) => size.gzipBytes === 0).map((size) => `bundle size: ${size.label} built to nothing`));
    } catch (error) {
      const message = `bundle sizes: the build failed: ${error instanceof Error ? error.message : String(error)}`;
      console.error(message);
      if (options.smoke) smokeFailures.push(message);
    }
  }
  const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
  console.log(`\nfinished in ${minutes} min`);

  if (options.smoke) {
    if (smokeFailures.length > 0) {
      console.error(`\nsmoke run FAILED:\n${smokeFailures.map((failure) => `  - ${failure}`).join('\n')}`);
      return 1;
    }
    console.log('smoke run passed: every contender streamed, painted and stopped as expected');
    return 0;
  }

  mkdirSync(outputDirectory, { recursive: true });
  let saved: SavedResults = { machine, runs, durationMinutes: Number(minutes), results, ...(bundleSizes === undefined ? {} : { bundleSizes }) };
  if (options.update) {
    const previous = JSON.parse(readFileSync(`${outputDirectory}results.json`, 'utf8')) as SavedResults;
    const replaced = previous.results.map((old) => results.find((fresh) => fresh.scenario.key === old.scenario.key) ?? old);
    // Scenarios the saved file did not have yet (a new one) join in the benchmark's own order.
    replaced.push(...results.filter((fresh) => !previous.results.some((old) => old.scenario.key === fresh.scenario.key)));
    const order = (key: string) => fullScenarios.findIndex((scenario) => scenario.key === key);
    replaced.sort((a, b) => order(a.scenario.key) - order(b.scenario.key));
    saved = { ...previous, durationMinutes: previous.durationMinutes + Number(minutes), results: replaced, bundleSizes: bundleSizes ?? previous.bundleSizes };
  }
  writeFileSync(`${outputDirectory}results.json`, JSON.stringify(saved, null, 2));
  if (!options['no-report']) {
    writeReport(docsDirectory, { machine: saved.machine, runsPerContender: saved.runs, results: saved.results, durationMinutes: saved.durationMinutes, bundleSizes: saved.bundleSizes });
    console.log(`wrote ${docsDirectory}benchmarks.md`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

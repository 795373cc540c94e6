import { mkdirSync, writeFileSync } from 'node:fs';
import type { Bar } from './bar-chart-svg';
import { barChartSvg } from './bar-chart-svg';
import type { MachineInfo } from './machine-info';
import type { BundleSize } from './measure-bundle-sizes';
import { describeLongFrame, longestFrameOf } from './long-frame-trace';
import type { ContenderResults, ScenarioResults } from './run-bench';
import type { FigureName } from './run-figures';
import { medianFigures, runFigures } from './run-figures';
import type { ContenderEntry, ScenarioKey } from './scenarios';

export interface ReportInput {
  machine: MachineInfo;
  runsPerContender: number;
  results: ScenarioResults[];
  durationMinutes: number;
  /** Minified + gzip size of each markdown renderer, measured with the markdown scenarios. */
  bundleSizes?: BundleSize[];
}

type Medians = Partial<Record<FigureName, number | null>>;

interface Row {
  entry: ContenderEntry;
  medians: Medians;
  okRuns: number;
  attemptedRuns: number;
  plannedRuns: number;
  /** Why runs failed or timed out, deduplicated. */
  problems: string[];
  /** Successful Stop runs in which the producer had already written the whole answer. */
  finishedBeforeStop: number;
}

function toRow(results: ContenderResults): Row {
  const ok = results.runs.filter((run) => run.status === 'ok');
  const problems = [...new Set(results.runs.filter((run) => run.status !== 'ok').map((run) => `${run.status}: ${run.message ?? ''}`.trim()))];
  return {
    entry: results.entry,
    medians: medianFigures(ok.map(runFigures)),
    okRuns: ok.length,
    attemptedRuns: results.runs.length,
    plannedRuns: results.runs.length + results.skippedRuns,
    problems,
    finishedBeforeStop: ok.map(runFigures).filter((figures) => (figures?.streamsFinishedBeforeStop ?? 0) > 0).length,
  };
}

const plainLabel = (entry: ContenderEntry) => entry.label.replace(/`/g, '');
const isSluice = (entry: ContenderEntry) => entry.contender.startsWith('sluice');
const isPeer = (entry: ContenderEntry) => !isSluice(entry) && entry.contender !== 'floor';

function format(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A cell for a row with no successful run says why instead of showing a number. */
function cell(row: Row, text: string): string {
  if (row.okRuns > 0) return text;
  return row.attemptedRuns === 0 ? 'not run' : row.problems.some((problem) => problem.startsWith('timed out')) ? '**timed out**' : '**failed**';
}

function runsCell(row: Row): string {
  const base = `${row.okRuns}/${row.plannedRuns}`;
  if (row.okRuns === row.plannedRuns) return base;
  if (row.attemptedRuns < row.plannedRuns) return `${base} (rest skipped after a timeout)`;
  return base;
}

function scenarioRows(results: ReportInput['results'], key: ScenarioKey): Row[] {
  return results.find((scenario) => scenario.scenario.key === key)?.contenders.map(toRow) ?? [];
}

/** Frame interval, key press → handler and key press → next paint, as "p95 / max ms". */
function userFeltCells(row: Row): string[] {
  const m = row.medians;
  return [
    cell(row, `${format(m.frameIntervalP95Ms)} / ${format(m.frameIntervalMaxMs)} ms`),
    cell(row, `${format(m.inputToHandlerP95Ms)} / ${format(m.inputToHandlerMaxMs)} ms (${format(m.inputPresses)})`),
    cell(row, `${format(m.inputToPaintP95Ms)} / ${format(m.inputToPaintMaxMs)} ms`),
  ];
}

function streamingTable(rows: Row[]): string[] {
  const lines = [
    '| contender | commits/s | commits per frame (mean / max) | commits without new text | frames (> 50 ms) | frame interval p95 / max | input delay: key press → handler p95 / max (presses) | key press → next paint p95 / max | long tasks (count / total / max ms) | first byte → painted | last byte → painted (ms / frames) | peak JS heap (growth) | producer blocked on drain | main thread: script / layout ms | runs ok |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const m = row.medians;
    const rendered = row.entry.contender !== 'floor';
    lines.push(
      [
        '',
        row.entry.label,
        cell(row, rendered ? format(m.commitsPerSecond, 1) : '–'),
        cell(row, rendered ? `${format(m.commitsPerFrame, 2)} / ${format(m.maxCommitsPerFrame)}` : '–'),
        cell(row, rendered ? format(m.commitsWithoutNewText) : '–'),
        cell(row, `${format(m.frames)} (${format(m.framesOver50Ms)})`),
        ...userFeltCells(row),
        cell(row, `${format(m.longTaskCount)} / ${format(m.longTaskTotalMs)} / ${format(m.longTaskMaxMs)}`),
        cell(row, `${format(m.firstByteToPaintedMs)} ms`),
        cell(row, `${format(m.lastByteToPaintedMs, 1)} ms / ${format(m.lastByteToPaintedFrames)}`),
        cell(row, `${format(m.peakHeapMb, 1)} MB (+${format(m.heapGrowthMb, 1)})`),
        cell(row, `${format(m.blockedOnDrainMs)} ms`),
        cell(row, `${format(m.scriptMs)} / ${format(m.layoutMs)}`),
        runsCell(row),
        '',
      ].join(' | ').trim(),
    );
  }
  return lines;
}

function abortTable(rows: Row[]): string[] {
  const lines = [
    '| contender | Stop → server saw the disconnect | tokens written after the disconnect | characters painted after Stop | runs where the producer had finished before Stop | frame interval p95 / max | input delay: key press → handler p95 / max (presses) | key press → next paint p95 / max | commits/s | long tasks (count / max ms) | peak JS heap | runs ok |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const m = row.medians;
    lines.push(
      [
        '',
        row.entry.label,
        cell(row, `${format(m.abortToDisconnectMs)} ms`),
        cell(row, format(m.tokensAfterDisconnect)),
        cell(row, row.entry.contender === 'floor' ? '–' : format(m.charsPaintedAfterStop)),
        cell(row, format(row.finishedBeforeStop)),
        ...userFeltCells(row),
        cell(row, row.entry.contender === 'floor' ? '–' : format(m.commitsPerSecond, 1)),
        cell(row, `${format(m.longTaskCount)} / ${format(m.longTaskMaxMs)}`),
        cell(row, `${format(m.peakHeapMb, 1)} MB`),
        runsCell(row),
        '',
      ].join(' | ').trim(),
    );
  }
  return lines;
}

const ratio = (numerator: number | null, denominator: number | null) =>
  numerator !== null && denominator !== null && denominator > 0 ? numerator / denominator : null;

/** The markdown scenarios' columns: per-frame cost at two points of the answer, main-thread time, what the user feels. */
function markdownTable(rows: Row[], paced: boolean): string[] {
  const lines = [
    '| contender | per frame at 10 KB: script + style + layout | per frame at 100 KB | 100 KB ÷ 10 KB | main thread: script + style + layout (all tasks) | long tasks (count / total / max ms) | frame interval p95 / max | input delay: key press → handler p95 / max (presses) | key press → next paint p95 / max | first byte → painted | last byte → painted (ms / frames) | peak JS heap | runs ok |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const m = row.medians;
    const growth = ratio(m.frameCostAt100KbMs ?? null, m.frameCostAt10KbMs ?? null);
    const perFrame = (ms: number | null | undefined) => (paced && ms !== null && ms !== undefined ? `${format(ms, 1)} ms` : '–');
    lines.push(
      [
        '',
        row.entry.label,
        cell(row, perFrame(m.frameCostAt10KbMs)),
        cell(row, perFrame(m.frameCostAt100KbMs)),
        cell(row, paced && growth !== null ? `${format(growth, 2)}×` : '–'),
        cell(row, `${format(m.renderWorkMs)} ms (${format(m.mainThreadMs)} ms)`),
        cell(row, `${format(m.longTaskCount)} / ${format(m.longTaskTotalMs)} / ${format(m.longTaskMaxMs)}`),
        ...userFeltCells(row),
        cell(row, `${format(m.firstByteToPaintedMs)} ms`),
        cell(row, `${format(m.lastByteToPaintedMs, 1)} ms / ${format(m.lastByteToPaintedFrames)}`),
        cell(row, `${format(m.peakHeapMb, 1)} MB`),
        runsCell(row),
        '',
      ].join(' | ').trim(),
    );
  }
  return lines;
}

const kilobytes = (bytes: number | undefined) => (bytes === undefined ? '–' : `${format(bytes / 1000, 1)} kB`);

function bundleSizeTable(sizes: readonly BundleSize[]): string[] {
  return [
    '| renderer, as imported (React and React DOM external) | minified | minified + gzip | loaded lazily (minified + gzip) |',
    '| --- | ---: | ---: | ---: |',
    ...sizes.map((size) => `| ${size.label} | ${kilobytes(size.minifiedBytes)} | ${kilobytes(size.gzipBytes)} | ${size.lazyGzipBytes > 0 ? kilobytes(size.lazyGzipBytes) : '–'} |`),
  ];
}

/** The markdown targets of issue 10: flat per-frame cost, far less main-thread time than Streamdown, a small bundle. */
function markdownTargets(input: ReportInput): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const paced = scenarioRows(input.results, 'markdown');
  const sluiceContenders = ['sluice-stream-text', 'sluice-transcript'] as const;
  for (const contender of sluiceContenders) {
    const row = findRow(paced, contender);
    if (row === undefined) continue;
    const at10 = value(row, 'frameCostAt10KbMs');
    const at100 = value(row, 'frameCostAt100KbMs');
    const growth = ratio(at100, at10);
    checks.push({
      target: `per-frame script + style + layout at 100 KB ≤ 1.5× of 10 KB, 2,000 tokens/s (${row.entry.label})`,
      measured: `${format(at10, 1)} ms → ${format(at100, 1)} ms (${growth === null ? '–' : `${format(growth, 2)}×`})`,
      met: growth === null ? null : growth <= 1.5,
    });
  }
  for (const key of ['markdown', 'markdown-burst'] as const) {
    const rows = scenarioRows(input.results, key);
    const streamdown = value(findRow(rows, 'streamdown'), 'renderWorkMs');
    const streamdownTasks = value(findRow(rows, 'streamdown'), 'mainThreadMs');
    for (const contender of sluiceContenders) {
      const row = findRow(rows, contender);
      if (row === undefined) continue;
      const sluiceMs = value(row, 'renderWorkMs');
      const less = ratio(streamdown, sluiceMs);
      const lessTasks = ratio(streamdownTasks, value(row, 'mainThreadMs'));
      checks.push({
        target: `≥ 5× less main-thread time (script + style + layout) than Streamdown on the same stream, ${key === 'markdown' ? '2,000 tokens/s' : 'burst'} (${row.entry.label})`,
        measured: `${format(sluiceMs)} ms vs Streamdown ${format(streamdown)} ms (${less === null ? '–' : `${format(less, 1)}× less`}); all tasks ${format(value(row, 'mainThreadMs'))} vs ${format(streamdownTasks)} ms (${lessTasks === null ? '–' : `${format(lessTasks, 1)}×`})`,
        met: less === null ? null : less >= 5,
      });
    }
  }
  const sizes = input.bundleSizes ?? [];
  const sluiceMarkdown = sizes.find((size) => size.key === 'sluice-markdown');
  const streamdownSize = sizes.find((size) => size.key === 'streamdown');
  const share = sluiceMarkdown && streamdownSize ? sluiceMarkdown.gzipBytes / streamdownSize.gzipBytes : null;
  checks.push({
    target: '`@sluice/markdown` ≤ 20 kB minified + gzip, and ≤ 1/8 of Streamdown',
    measured: `${kilobytes(sluiceMarkdown?.gzipBytes)}; Streamdown ${kilobytes(streamdownSize?.gzipBytes)}${share === null ? '' : ` (sluice at 1/${format(1 / share, 1)})`}`,
    met: sluiceMarkdown === undefined || share === null ? null : sluiceMarkdown.gzipBytes <= 20_000 && share <= 1 / 8,
  });
  return checks;
}

function markdownSection(input: ReportInput): string[] {
  const measured = input.results.some(({ scenario }) => scenario.parameters.markdownBytes > 0) || (input.bundleSizes?.length ?? 0) > 0;
  if (!measured) return [];
  return [
    '## Markdown targets',
    '',
    '| target | measured (medians) | met |',
    '| --- | --- | --- |',
    ...markdownTargets(input).map((check) => `| ${check.target} | ${check.measured} | ${check.met === null ? 'not measured' : check.met ? 'yes' : '**no**'} |`),
    '',
    ...(input.bundleSizes && input.bundleSizes.length > 0 ? ['Bundle sizes (`apps/bench/runner/measure-bundle-sizes.ts`; kB = 1,000 bytes):', '', ...bundleSizeTable(input.bundleSizes), ''] : []),
  ];
}

function problemNotes(rows: Row[]): string[] {
  const notes = rows.flatMap((row) => row.problems.map((problem) => `- ${row.entry.label}: ${problem}`));
  return notes.length > 0 ? ['', 'Runs that did not finish (left out of the medians):', '', ...notes] : [];
}

function chartBars(rows: Row[], figure: FigureName, include: (entry: ContenderEntry) => boolean = () => true): Bar[] {
  return rows
    .filter((row) => include(row.entry))
    .map((row) => ({
      label: plainLabel(row.entry),
      value: row.okRuns > 0 ? (row.medians[figure] ?? null) : null,
      note: row.okRuns > 0 ? 'n/a' : row.problems.some((problem) => problem.startsWith('timed out')) ? 'timed out' : 'failed',
      highlight: isSluice(row.entry),
    }));
}

function findRow(rows: Row[], contender: ContenderEntry['contender'], format: ContenderEntry['format'] = 'text'): Row | undefined {
  return rows.find((row) => row.entry.contender === contender && row.entry.format === format);
}

function value(row: Row | undefined, figure: FigureName): number | null {
  if (row === undefined || row.okRuns === 0) return null;
  return row.medians[figure] ?? null;
}

function headlineCell(row: Row | undefined, figure: FigureName, unit: string, digits = 0): string {
  if (row === undefined) return '–';
  if (row.okRuns === 0) return row.problems.some((problem) => problem.startsWith('timed out')) ? 'timed out' : 'failed';
  return `${format(value(row, figure), digits)}${unit}`;
}

function headline(input: ReportInput): string[] {
  const steady = scenarioRows(input.results, 'steady');
  const burst = scenarioRows(input.results, 'burst');
  const slow = scenarioRows(input.results, 'slow-consumer');
  const abort = scenarioRows(input.results, 'abort');
  const columns: Array<[ContenderEntry['contender'], ContenderEntry['format'], string]> = [
    ['sluice', 'text', 'sluice `useTokenStream`'],
    ['sluice-stream-text', 'text', 'sluice `<StreamText>`'],
    ['sluice-transcript', 'text', 'sluice `<Transcript>`'],
    ['naive', 'text', 'naive fetch + setState'],
    ['ai-completion', 'text', 'AI SDK `useCompletion`'],
    ['ai-completion-throttle', 'text', '`useCompletion` + `throttle: 50`'],
    ['ai-chat', 'ai-sdk', 'AI SDK `useChat`'],
  ];
  const rows: Array<[string, Row[], FigureName, string, number]> = [
    ['React commits/s, 2,000 tokens/s (steady)', steady, 'commitsPerSecond', '', 0],
    ['200,000-token burst: first byte → fully painted', burst, 'firstByteToPaintedMs', ' ms', 0],
    ['Peak JS heap, burst into a slow consumer', slow, 'peakHeapMb', ' MB', 1],
    ['Stop → server sees the disconnect', abort, 'abortToDisconnectMs', ' ms', 0],
    ['Input delay (key press → handler, p95), burst', burst, 'inputToHandlerP95Ms', ' ms', 0],
    ['Frame interval p95, burst', burst, 'frameIntervalP95Ms', ' ms', 0],
    ['Input delay (key press → handler, p95), expensive renderer', scenarioRows(input.results, 'expensive-renderer'), 'inputToHandlerP95Ms', ' ms', 0],
  ];
  const floorBurst = value(findRow(burst, 'floor'), 'firstByteToPaintedMs');
  return [
    `| | ${columns.map((column) => column[2]).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...rows.map(
      ([title, scenarioRowsForFigure, figure, unit, digits]) =>
        `| ${title} | ${columns
          .map(([contender, wireFormat]) => headlineCell(findRow(scenarioRowsForFigure, contender, wireFormat), figure, unit, digits))
          .join(' | ')} |`,
    ),
    '',
    `Read + decode floor for the burst (no rendering): ${floorBurst === null ? '–' : `${format(floorBurst)} ms`}. Medians of ${input.runsPerContender} runs; ${input.machine.cpuCount} × ${input.machine.cpuModel}, ${input.machine.browser}. "–" means the contender is not part of that scenario.`,
  ];
}

interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

/** A p95 budget of 50 ms for every sluice row of every scenario, with the peers' range beside it. */
function userFeltTarget(input: ReportInput, figure: FigureName, target: string): TargetCheck {
  const measured: string[] = [];
  const sluiceValues: Array<number | null> = [];
  for (const { scenario, contenders } of input.results) {
    const rows = contenders.map(toRow);
    const sluiceCells = rows
      .filter((row) => isSluice(row.entry))
      .map((row) => {
        sluiceValues.push(value(row, figure));
        return `${row.entry.label} ${headlineCell(row, figure, ' ms')}`;
      });
    if (sluiceCells.length === 0) continue;
    const peerValues = rows.filter((row) => isPeer(row.entry)).map((row) => value(row, figure)).filter((ms): ms is number => ms !== null);
    const peers = peerValues.length > 0 ? `; peers ${format(Math.min(...peerValues))}–${format(Math.max(...peerValues))} ms` : '';
    measured.push(`${scenario.key}: ${sluiceCells.join(', ')}${peers}`);
  }
  const complete = sluiceValues.length > 0 && sluiceValues.every((ms) => ms !== null);
  return { target, measured: measured.join('; '), met: complete ? sluiceValues.every((ms) => (ms ?? Number.POSITIVE_INFINITY) <= 50) : null };
}

function targets(input: ReportInput): TargetCheck[] {
  const sluiceRows = input.results.flatMap((scenario) =>
    scenario.contenders
      .map(toRow)
      .filter((row) => isSluice(row.entry))
      .map((row) => ({ scenario: scenario.scenario, row })),
  );
  const streaming = sluiceRows.filter(({ scenario }) => scenario.parameters.stopAfterMs === 0);
  const checks: TargetCheck[] = [];

  const perFrame = streaming.map(({ scenario, row }) => `${scenario.key} (${row.entry.label}): ${format(value(row, 'commitsPerFrame'), 2)} mean, ${format(value(row, 'maxCommitsPerFrame'))} max`);
  const maxPerFrame = Math.max(...streaming.map(({ row }) => value(row, 'maxCommitsPerFrame') ?? Number.POSITIVE_INFINITY));
  checks.push({
    target: '≤ 1 React commit per frame in every scenario (start/end phase changes aside), also with 10 streams',
    measured: perFrame.join('; '),
    met: Number.isFinite(maxPerFrame) ? maxPerFrame <= 1 : null,
  });

  const lastByte = streaming.map(({ scenario, row }) => ({ scenario, row, frames: value(row, 'lastByteToPaintedFrames'), ms: value(row, 'lastByteToPaintedMs') }));
  checks.push({
    target: 'last byte → painted within 1 frame',
    measured: lastByte.map(({ scenario, row, frames, ms }) => `${scenario.key} (${row.entry.label}): ${format(frames)} frame(s), ${format(ms, 1)} ms`).join('; '),
    met: lastByte.every(({ frames }) => frames !== null) ? lastByte.every(({ frames }) => (frames ?? 2) <= 1) : null,
  });

  const burst = scenarioRows(input.results, 'burst');
  const floorBurst = value(findRow(burst, 'floor'), 'firstByteToPaintedMs');
  const peers = burst.filter((row) => isPeer(row.entry) && row.entry.format === 'text');
  const fastestPeer = peers
    .map((row) => ({ row, ms: value(row, 'firstByteToPaintedMs') }))
    .filter((candidate): candidate is { row: Row; ms: number } => candidate.ms !== null)
    .sort((a, b) => a.ms - b.ms)[0];
  for (const contender of ['sluice', 'sluice-stream-text', 'sluice-transcript'] as const) {
    const sluiceRow = findRow(burst, contender);
    const sluiceMs = value(sluiceRow, 'firstByteToPaintedMs');
    if (sluiceRow === undefined) continue;
    const speedup = sluiceMs !== null && fastestPeer ? fastestPeer.ms / sluiceMs : null;
    const overFloor = sluiceMs !== null && floorBurst !== null ? sluiceMs / floorBurst : null;
    checks.push({
      target: `burst fully painted ≥ 2× faster than the fastest peer and within 1.5× of the read+decode floor (${sluiceRow.entry.label})`,
      measured:
        sluiceMs === null
          ? 'no successful run'
          : `${format(sluiceMs)} ms; fastest peer ${fastestPeer ? `${fastestPeer.row.entry.label} ${format(fastestPeer.ms)} ms (sluice ${format(speedup, 2)}× faster)` : '–'}; floor ${format(floorBurst)} ms (sluice at ${format(overFloor, 2)}× the floor)`,
      met: speedup !== null && overFloor !== null ? speedup >= 2 && overFloor <= 1.5 : null,
    });
  }

  // The expensive renderer's blocks cost what the user's renderer costs; sluice's part is judged by input delay there.
  const transcriptRows = sluiceRows.filter(
    ({ scenario, row }) => (row.entry.contender === 'sluice-transcript' || row.entry.contender === 'sluice-stream-text') && scenario.key !== 'expensive-renderer',
  );
  checks.push({
    target: 'no main-thread task over 50 ms in the `<Transcript>` and `<StreamText>` variants (the expensive renderer aside)',
    measured: transcriptRows.map(({ scenario, row }) => `${scenario.key} (${row.entry.label}): ${format(value(row, 'longTaskCount'))} long tasks, longest ${format(value(row, 'longTaskMaxMs'))} ms`).join('; '),
    met: transcriptRows.length > 0 && transcriptRows.every(({ row }) => row.okRuns > 0) ? transcriptRows.every(({ row }) => (value(row, 'longTaskCount') ?? 1) === 0) : null,
  });

  const slow = scenarioRows(input.results, 'slow-consumer');
  for (const contender of ['sluice', 'sluice-stream-text', 'sluice-transcript'] as const) {
    const row = findRow(slow, contender);
    if (row === undefined) continue;
    const blocked = value(row, 'blockedOnDrainMs');
    const growth = value(row, 'heapGrowthMb');
    const textMb = value(row, 'megabytesRead');
    checks.push({
      target: `slow consumer: the producer is blocked on drain while the page's heap stays flat (${row.entry.label})`,
      measured: `producer blocked ${format(blocked)} ms; JS heap grew ${format(growth, 1)} MB while reading ${format(textMb, 1)} MB (the final text itself is held as a string)`,
      // "Flat" here: growth within the 1 MiB high-water mark plus the text's own size as UTF-16.
      met: blocked !== null && growth !== null && textMb !== null ? blocked > 0 && growth <= 1 + textMb * 2 + 1 : null,
    });
  }

  checks.push(userFeltTarget(input, 'inputToHandlerP95Ms', 'input delay while streaming (key press → handler), p95 ≤ 50 ms for sluice in every scenario'));
  checks.push(userFeltTarget(input, 'frameIntervalP95Ms', 'frame interval while streaming, p95 ≤ 50 ms for sluice in every scenario'));

  const abort = scenarioRows(input.results, 'abort');
  for (const contender of ['sluice', 'sluice-stream-text', 'sluice-transcript'] as const) {
    const row = findRow(abort, contender);
    if (row === undefined) continue;
    const disconnect = value(row, 'abortToDisconnectMs');
    const after = value(row, 'tokensAfterDisconnect');
    const painted = value(row, 'charsPaintedAfterStop');
    checks.push({
      target: `Stop: disconnect within 50 ms, 0 tokens after it, no text painted after it (${row.entry.label})`,
      measured: `${format(disconnect)} ms, ${format(after)} tokens, ${format(painted)} characters`,
      met: disconnect !== null && after !== null && painted !== null ? disconnect <= 50 && after === 0 && painted === 0 : null,
    });
  }
  return checks;
}

function machineSection(input: ReportInput): string[] {
  const { machine } = input;
  return [
    '| | |',
    '| --- | --- |',
    `| CPU | ${machine.cpuCount} × ${machine.cpuModel} |`,
    `| memory | ${machine.memoryGb} GB |`,
    `| OS | ${machine.os} |`,
    `| browser | ${machine.browser} (headless, \`--disable-gpu\`) |`,
    `| Node | ${machine.node} |`,
    `| packages | ${Object.entries(machine.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')} |`,
    `| source | ${machine.source ?? 'not recorded'} |`,
    `| date | ${machine.date}, ${input.runsPerContender} runs per contender, ${input.durationMinutes} min in total |`,
  ];
}

const charts: Array<{ file: string; scenario: ScenarioKey; figure: FigureName; title: string; unit: string; digits: number; include?: (entry: ContenderEntry) => boolean }> = [
  { file: 'benchmarks-burst-painted.svg', scenario: 'burst', figure: 'firstByteToPaintedMs', title: '200,000-token burst: first byte → final text painted (lower is better)', unit: 'ms', digits: 0 },
  { file: 'benchmarks-steady-commits.svg', scenario: 'steady', figure: 'commitsPerSecond', title: '2,000 tokens/s: React commits per second (lower is better; 60 = one per frame)', unit: '/s', digits: 0, include: (entry) => entry.contender !== 'floor' },
  { file: 'benchmarks-slow-consumer-heap.svg', scenario: 'slow-consumer', figure: 'peakHeapMb', title: 'Burst into a slow consumer: peak JS heap (lower is better)', unit: 'MB', digits: 1 },
  { file: 'benchmarks-abort-disconnect.svg', scenario: 'abort', figure: 'abortToDisconnectMs', title: 'Stop → the server sees the disconnect (lower is better)', unit: 'ms', digits: 0 },
  { file: 'benchmarks-burst-input-delay.svg', scenario: 'burst', figure: 'inputToHandlerP95Ms', title: '200,000-token burst: input delay, key press → handler, p95 (lower is better)', unit: 'ms', digits: 0 },
  { file: 'benchmarks-concurrency-input-delay.svg', scenario: 'concurrency', figure: 'inputToHandlerP95Ms', title: '10 concurrent streams: input delay, key press → handler, p95 (lower is better)', unit: 'ms', digits: 0 },
  { file: 'benchmarks-expensive-renderer-input-delay.svg', scenario: 'expensive-renderer', figure: 'inputToHandlerP95Ms', title: 'Expensive renderer (10 ms per block): input delay, key press → handler, p95 (lower is better)', unit: 'ms', digits: 0 },
  { file: 'benchmarks-markdown-main-thread.svg', scenario: 'markdown', figure: 'renderWorkMs', title: '106 KB markdown answer at 2,000 tokens/s: main-thread script + style + layout (lower is better)', unit: 'ms', digits: 0 },
  { file: 'benchmarks-markdown-frame-cost.svg', scenario: 'markdown', figure: 'frameCostAt100KbMs', title: 'Markdown at 100 KB into the answer: script + style + layout per frame (lower is better)', unit: 'ms', digits: 1 },
  { file: 'benchmarks-history-long-task.svg', scenario: 'history', figure: 'longTaskMaxMs', title: '5,000-message history, 2,000 tokens/s: longest main-thread task (lower is better)', unit: 'ms', digits: 0 },
];

const method = [
  '## How it is measured',
  '',
  '- `pnpm bench:browser` builds the packages, builds the page in `apps/bench/page` with Vite (production build, with `react-dom/profiling` so `<Profiler onRender>` reports commits), serves it with `vite preview` on 127.0.0.1, starts `@sluice/mock-producer`\'s server on another port (the page fetches it cross-origin with CORS) and drives Debian Chromium with `playwright-core`. Every run gets a fresh browser context; a forced GC precedes it.',
  '- Every contender renders the same stream (same seed, same bytes) into the same markup: the text in one `white-space: pre-wrap` element; with history, one `<div>` per message in a 480 px scrolling log (no virtualization) and the answer as the last row. sluice\'s `<Transcript>` renders its own virtualized, block-split rows. Text is always rendered as text.',
  '- The naive contender is what tutorials write: `fetch`, a reader loop, `TextDecoder`, and `setState(previous => previous + chunk)` for every chunk the reader returns (one token per chunk at a steady rate, many in a burst). Its history variant keeps the whole list in state and replaces the last message per chunk.',
  '- AI SDK: `useCompletion({ api, streamProtocol: \'text\' })` with default settings and with `throttle: 50` (the installed `@ai-sdk/react` names the option `throttle`; `experimental_throttle` is its deprecated alias); `useChat({ transport: new DefaultChatTransport({ api }) })` against the producer\'s `ai-sdk` format (the UI message stream, about 5× the bytes of plain text). With history, the peers get the 5,000 messages as initial state (`useChat({ messages })`) and render them all.',
  '- **Commits**: calls of `<Profiler onRender>` around the contender. **Commits per frame**: commits divided by animation frames over the run, and the most commits seen between two consecutive frames.',
  '- **Frames**: a `requestAnimationFrame` loop records every frame and counts intervals over 50 ms. The slow consumer busy-waits 30 ms inside that loop in every frame.',
  '- **Frame interval**: the same loop\'s intervals between consecutive animation frames from start to the end of the run; p95 (nearest rank) and the longest. A frame that never comes while the main thread is busy shows up here as one long interval.',
  '- **Input delay**: while the stream runs, the runner presses a key (`a`) in a text field on the page every 100 ms (and once right after start), through CDP `Input.dispatchKeyEvent` (keyDown + keyUp, the same for every contender, never waiting for the page before the next press). The press time is the event\'s `timeStamp`: without a `timestamp` parameter Chromium stamps the event when the browser process handles the command, on the page\'s `performance.now()` clock (checked at the start of every run: a press sent while the page busy-waits carries a time inside the busy window and is handled after it). **Key press → handler** ends at `performance.now()` as the keydown listener starts; **key press → next paint** at the end of the next frame after the handler, timed like *painted* below (the first task after that frame\'s rendering steps), so it includes the frame that shows the typed character. Presses made between start and the final paint (or the Stop click) count; p95 is the nearest rank over them (a burst lasts a few hundred ms, so its p95 is close to its max), and the medians of p95 and max over the runs are shown.',
  '- **Expensive renderer**: every rendered block busy-waits 10 ms. sluice\'s `<Transcript>` (and `<StreamText>`) get it in `renderBlock`; the peers and `useTokenStream` into a plain element split the text on blank lines on every update and render each paragraph in a `memo` component, as the AI SDK\'s memoized-markdown recipe does.',
  '- **Markdown**: `page/src/markdown-answer.ts` generates one 106,231-character answer (a heading, then every kind of block once, then seeded random paragraphs with inline formatting and links, bullet, numbered and task lists, code fences, GFM tables and quotes); the page posts it to the producer as its `corpus` (a JSON POST body) and the producer streams it back token by token, once. sluice renders it with `renderBlock={markdownBlock}` from `@sluice/markdown` (settled blocks are rendered once, the tail block per frame); Streamdown 2.7 (`<Streamdown isAnimating>`, its defaults, no Tailwind so its classes stay unstyled) and react-markdown 10 + remark-gfm 4 get the whole text as state on every chunk, as their docs write it.',
  '- **Per-frame cost at 10 KB / 100 KB**: every 100 ms the runner reads CDP `Performance.getMetrics` (`ScriptDuration`, `RecalcStyleDuration`, `LayoutDuration`) and right after it the page\'s committed text length and animation-frame count (`window.__bench.progress`). For a point N of the answer, the cost is the counters\' growth from the last sample at or before N − 5 KB to the first at or past N + 5 KB, divided by the frames in between: script + style + layout per frame while the answer grew through N. Both CDP answers wait behind the same busy main thread, so a sample describes one moment. A burst passes a window in a frame or two, so its per-frame columns stay empty; a peer whose frames last longer than its window (react-markdown at 100 KB) may have no pair of samples around it and shows none either. **Main thread**: script + style + layout over the whole run, the work the renderer causes, is what the Streamdown target compares; CDP `TaskDuration` (all tasks) is shown beside it, but it also holds a fixed cost per frame (the page\'s frame loop, paint, the key presses and the runner\'s 100 ms CDP samples), which a contender that drops frames pays less of.',
  '- **Bundle size**: each renderer as a user imports it (one entry file per renderer, `runner/measure-bundle-sizes.ts`), built by Vite as an app (minified; React and React DOM external), JavaScript only; gzip level 9 per chunk, the entry with its static imports, lazily imported chunks apart.',
  '- **Long tasks**: `PerformanceObserver` `longtask` entries that start during the run (count, total and longest duration).',
  '- **First byte / last byte**: every contender fetches through the same metered `fetch`, whose body passes an identity `TransformStream` (one chunk of lookahead, cancellation forwarded) that timestamps the first and last chunk the contender\'s reader pulls.',
  '- **Painted**: the end of the frame that renders the commit whose DOM first holds the complete text (reported from a layout effect): the first task after that frame\'s rendering steps. A commit made inside a frame\'s rAF callbacks (where sluice flushes) is rendered by that frame, a commit made in an ordinary task by the next one; a ResizeObserver on a 1 px probe tells the two apart. (Timestamping "the rAF after the commit" would leave the final layout out for contenders that commit in tasks and keep it in for sluice.) "Frames" in *last byte → painted* counts animation frames that began after the last byte up to the paint (1 = the next frame).',
  '- **Peak JS heap**: CDP `Performance.getMetrics` `JSHeapUsedSize`, sampled every 100 ms from the start of the run (samples wait behind a busy main thread), after a forced GC. Script and layout time come from the same metrics.',
  '- **Producer side** (the mock producer runs in a worker thread of the runner, so its writes do not hold up the key presses): the mock producer\'s `/stats` for each stream: ms blocked on `drain`, the epoch ms at which it saw the disconnect (compared with the page\'s `Date.now()` at the Stop click), and tokens written after it. After Stop the page watches its own text for 1 s to count characters painted after the click.',
  '- Medians of the runs that finished; a run is capped by a per-scenario timeout and recorded as **timed out** (a frozen peer is a result); after a timeout the contender\'s remaining runs in that scenario are skipped.',
  '- The machine is shared and has 2 cores, with the producer, the page server and Chromium on it: treat differences under ~20 % as noise.',
];

function observations(input: ReportInput): string[] {
  const lines: string[] = [];
  const rowsOf = (key: ScenarioKey) => scenarioRows(input.results, key);
  const burst = rowsOf('burst');
  const mainThread = burst
    .filter((row) => row.entry.contender !== 'floor' && row.okRuns > 0)
    .map((row) => `${row.entry.label} ${format(value(row, 'layoutMs'))} / ${format(value(row, 'scriptMs'))}`);
  if (mainThread.length > 0) {
    lines.push(
      `- **Where the burst's time goes** (main-thread ms in layout / in script, medians): ${mainThread.join('; ')}. With the whole answer in one element, each commit makes the browser lay out the whole growing text node again, so layout, not reading or React, dominates for every contender that renders into a single element; how many times it is paid depends on how many commits land while the text is large.`,
    );
  }
  const transcriptRows = input.results.flatMap((scenario) =>
    scenario.contenders.map(toRow).filter((row) => row.entry.contender === 'sluice-transcript' && row.okRuns > 0).map((row) => ({ key: scenario.scenario.key, row })),
  );
  if (transcriptRows.length > 0) {
    lines.push(
      `- **\`<Transcript>\` commits that put no new text on screen** (phase changes, list and scroll bookkeeping), per scenario: ${transcriptRows
        .map(({ key, row }) => `${key} ${format(value(row, 'commitsWithoutNewText'))} of ${format(value(row, 'commits'))}`)
        .join(', ')}.`,
      `- **Peak JS heap** (which includes garbage not yet collected) with the 5,000-message history: \`<Transcript>\` ${format(value(findRow(rowsOf('history'), 'sluice-transcript'), 'peakHeapMb'), 1)} MB, naive list ${format(value(findRow(rowsOf('history'), 'naive-history'), 'peakHeapMb'), 1)} MB, \`useCompletion\` + list ${format(value(findRow(rowsOf('history'), 'ai-completion-history'), 'peakHeapMb'), 1)} MB, \`useChat\` ${format(value(findRow(rowsOf('history'), 'ai-chat-history', 'ai-sdk'), 'peakHeapMb'), 1)} MB.`,
    );
  }
  const longFrames = input.results.flatMap((scenario) =>
    scenario.contenders
      .filter((results) => isSluice(results.entry))
      .map((results) => ({ key: scenario.scenario.key, label: results.entry.label, trace: longestFrameOf(results.runs) }))
      .filter((item) => item.trace !== null),
  );
  if (longFrames.length > 0) {
    lines.push(
      `- **The longest frame of each sluice contender** (Chromium's \`long-animation-frame\` entry, the longest over the runs, where one took over 50 ms; scripts by what invoked them): ${longFrames
        .map(({ key, label, trace }) => `${key}, ${label}: ${trace ? describeLongFrame(trace) : ''}`)
        .join('; ')}.`,
    );
  }
  const floorBurst = findRow(burst, 'floor');
  if (floorBurst !== undefined) {
    lines.push(
      `- **Noise.** The read + decode floor (${format(value(floorBurst, 'firstByteToPaintedMs'))} ms for ${format(value(floorBurst, 'megabytesRead'), 1)} MB) is mostly the mock producer writing on the same 2 cores. Across repeated full runs on this shared machine the floor and every contender's burst time moved by up to 2×: read the burst rows for orders of magnitude (the UI message stream peers), not for tens of percent.`,
    );
  }
  return lines.length > 0 ? ['## Reading the results', '', ...lines, ''] : [];
}

/** Writes docs/benchmarks.md and its SVG charts. */
export function writeReport(directory: string, input: ReportInput): void {
  mkdirSync(directory, { recursive: true });
  const lines: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by `pnpm bench:browser` (apps/bench). Do not edit by hand: rerun it. -->',
    '',
    'sluice against its peers in a real browser: the same streams from the mock producer, rendered by each contender in the same markup, measured from the page (React commits, frames, long tasks, time to painted, JS heap) and from the producer (backpressure, disconnects).',
    '',
    '## Headline',
    '',
    ...headline(input),
    '',
    '## Targets for sluice',
    '',
    '| target | measured (medians) | met |',
    '| --- | --- | --- |',
    ...targets(input).map((check) => `| ${check.target} | ${check.measured} | ${check.met === null ? 'not measured' : check.met ? 'yes' : '**no**'} |`),
    '',
    ...markdownSection(input),
    ...observations(input),
    '## Machine',
    '',
    ...machineSection(input),
    '',
  ];
  for (const { scenario, contenders } of input.results) {
    const rows = contenders.map(toRow);
    lines.push(`## ${scenario.title}`, '', scenario.description, '');
    lines.push(...(scenario.parameters.stopAfterMs > 0 ? abortTable(rows) : scenario.parameters.markdownBytes > 0 ? markdownTable(rows, scenario.parameters.rate > 0) : streamingTable(rows)));
    lines.push(...problemNotes(rows), '');
    for (const chart of charts.filter((candidate) => candidate.scenario === scenario.key)) {
      writeFileSync(
        `${directory}${chart.file}`,
        barChartSvg({ title: chart.title, unit: chart.unit, digits: chart.digits, bars: chartBars(rows, chart.figure, chart.include) }),
      );
      lines.push(`![${chart.title}](${chart.file})`, '');
    }
  }
  lines.push(...method, '');
  writeFileSync(`${directory}benchmarks.md`, lines.join('\n'));
}

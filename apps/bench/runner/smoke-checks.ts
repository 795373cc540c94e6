import { runFigures } from './run-figures';
import type { RunRecord } from './run-once';
import type { ContenderEntry, Scenario } from './scenarios';

/**
 * What the CI smoke requires of a run: it finished, every stream's final text reached the
 * screen, a Stop reached the server, and the key presses were answered, timed in order and
 * painted. Counts and invariants only, never timings.
 */
export function checkSmokeRecord(scenario: Scenario, entry: ContenderEntry, record: RunRecord): string[] {
  const name = `${scenario.key} / ${entry.label}`;
  if (record.status !== 'ok' || record.page === null) return [`${name}: ${record.status}: ${record.message ?? 'no result'}`];
  const failures: string[] = [];
  const page = record.page;
  if (page.commits === 0 && entry.contender !== 'floor') failures.push(`${name}: no React commit was recorded`);
  if (page.bytesRead === 0) failures.push(`${name}: no body byte was read`);
  if (scenario.parameters.stopAfterMs > 0) {
    if (page.stop === null) failures.push(`${name}: Stop was never clicked`);
    const disconnected = record.producer.filter((stream) => stream.clientDisconnected).length;
    if (disconnected !== scenario.parameters.streams) {
      failures.push(`${name}: the producer saw ${disconnected} of ${scenario.parameters.streams} disconnects after Stop`);
    }
  } else {
    if (page.paintedAt === null) failures.push(`${name}: the final text was never painted`);
    if (page.finalLength !== page.expectedLength) failures.push(`${name}: painted ${page.finalLength} of ${page.expectedLength} characters`);
    const completed = record.producer.filter((stream) => stream.completed).length;
    if (completed !== scenario.parameters.streams) failures.push(`${name}: the producer completed ${completed} of ${scenario.parameters.streams} streams`);
  }
  failures.push(...inputFailures(name, scenario, record));
  if (scenario.parameters.markdownBytes > 0) failures.push(...markupFailures(name, record));
  if (page.frames > 0 && (page.frameIntervalP95Ms === null || page.frameIntervalMaxMs === null)) {
    failures.push(`${name}: ${page.frames} frames but no frame interval figures`);
  }
  return failures;
}

function inputFailures(name: string, scenario: Scenario, record: RunRecord): string[] {
  const input = record.input;
  if (input === null) return [`${name}: no key press was recorded`];
  const failures: string[] = [];
  if (input.acknowledged !== input.sent) failures.push(`${name}: ${input.sent - input.acknowledged} of ${input.sent} key presses were never answered`);
  if (input.samples.length !== input.acknowledged) failures.push(`${name}: the page timed ${input.samples.length} of ${input.acknowledged} answered key presses`);
  for (const sample of input.samples) {
    if (!(sample.pressedAt > 0 && sample.pressedAt <= sample.handlerAt)) {
      failures.push(`${name}: a key press stamped ${sample.pressedAt} was handled at ${sample.handlerAt} (expected 0 < press ≤ handler)`);
    }
    if (sample.paintedAt === null || sample.paintedAt < sample.handlerAt) {
      failures.push(`${name}: a key press handled at ${sample.handlerAt} has next paint ${sample.paintedAt} (expected a paint after the handler)`);
    }
  }
  // A paced stream lasts at least tokens / rate seconds (400 ms in the smoke), and one press goes out as soon as start() has run.
  const figures = runFigures(record);
  if (scenario.parameters.rate > 0 && figures !== null) {
    if (figures.inputPresses === 0) failures.push(`${name}: no key press landed while the stream ran`);
    if (figures.inputToHandlerP95Ms === null || figures.inputToPaintP95Ms === null) failures.push(`${name}: no input-delay figures`);
  }
  return failures;
}

/** The smoke's answer opens with one block of each kind: a renderer that shows markdown as text fails here. */
function markupFailures(name: string, record: RunRecord): string[] {
  const markup = record.markup;
  if (markup === undefined || markup === null) return [`${name}: the rendered markup was not counted`];
  return Object.entries(markup)
    .filter(([, count]) => count === 0)
    .map(([kind]) => `${name}: no ${kind} rendered from the markdown answer`);
}

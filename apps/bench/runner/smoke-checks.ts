import type { RunRecord } from './run-once';
import type { ContenderEntry, Scenario } from './scenarios';

/**
 * What the CI smoke requires of a run: it finished, every stream's final text reached the
 * screen, and a Stop reached the server. Counts and invariants only, never timings.
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
  return failures;
}

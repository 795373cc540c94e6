// Adds up the "Tests  N passed | M failed" lines that every Vitest run prints, and the
// consumer test's "consumer-test: N passed, M failed", so CI ends with one plain line:
// "Tests: N passed, M failed".
import { readFileSync } from 'node:fs';

const withoutColours = readFileSync(process.argv[2], 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
for (const line of withoutColours.split('\n')) {
  const summary = line.match(/^\s*Tests\s+(.*)$/) ?? line.match(/^consumer-test: (\d+ passed, \d+ failed)$/);
  if (!summary) continue;
  passed += Number(summary[1].match(/(\d+) passed/)?.[1] ?? 0);
  failed += Number(summary[1].match(/(\d+) failed/)?.[1] ?? 0);
}
console.log(`Tests: ${passed} passed, ${failed} failed`);

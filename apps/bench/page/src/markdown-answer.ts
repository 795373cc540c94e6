import { createSeededRandom } from '@sluice/mock-producer/browser';

/**
 * The markdown scenario's answer: what a model writes when asked to explain something at length
 * (headings, paragraphs with inline formatting and links, lists, task lists, code fences, tables,
 * quotes). Deterministic for a given size, so every contender streams the same bytes, and built
 * in the page, which posts it to the mock producer as its `corpus`.
 */

const nouns = ['stream', 'buffer', 'frame', 'reader', 'parser', 'token', 'block', 'table', 'renderer', 'request', 'cache', 'queue', 'worker', 'layout', 'commit'];
const verbs = ['reads', 'splits', 'renders', 'flushes', 'measures', 'holds', 'parses', 'schedules', 'batches', 'settles', 'appends', 'drops'];
const adjectives = ['incremental', 'settled', 'growing', 'stable', 'cheap', 'costly', 'pending', 'final', 'partial', 'visible'];
const languages = ['ts', 'python', 'json', 'bash'];
const codeLines: Record<string, string[]> = {
  ts: ['const total = items.reduce((sum, item) => sum + item.size, 0);', 'if (buffered > highWaterMark) await nextFrame();', 'for (const chunk of chunks) decoder.decode(chunk, { stream: true });', 'export function settle(block: Block): Block {', '  return { ...block, settled: true };', '}'],
  python: ['def settle(block):', '    return {**block, "settled": True}', 'total = sum(item.size for item in items)', 'for chunk in chunks:', '    buffer.append(chunk)'],
  json: ['{', '  "model": "bench-1",', '  "tokens": 2000,', '  "stream": true', '}'],
  bash: ['pnpm install --frozen-lockfile', 'pnpm --filter @sluice/bench bench -- --scenario markdown', 'curl -N http://127.0.0.1:8787/stream'],
};

/** Builds an answer of at least `bytes` characters (UTF-16 code units), ending at a block boundary. */
export function createMarkdownAnswer(bytes: number): string {
  const random = createSeededRandom(7);
  const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)] as Item;
  const count = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const inline = (): string => {
    const roll = random();
    if (roll < 0.08) return `**${pick(adjectives)} ${pick(nouns)}**`;
    if (roll < 0.16) return `*${pick(adjectives)}*`;
    if (roll < 0.24) return `\`${pick(nouns)}.${pick(verbs)}()\``;
    if (roll < 0.28) return `[the ${pick(nouns)} guide](https://example.com/${pick(nouns)})`;
    if (roll < 0.3) return `~~${pick(nouns)}~~`;
    return `${pick(adjectives)} ${pick(nouns)}`;
  };
  const sentence = (): string => {
    const words = Array.from({ length: count(3, 6) }, () => `${inline()} ${pick(verbs)}`).join(' the ');
    return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: count(2, 5) }, sentence).join(' ');
  const blocks: Array<() => string> = [
    () => `${'#'.repeat(count(2, 3))} The ${pick(adjectives)} ${pick(nouns)}`,
    paragraph,
    paragraph,
    paragraph,
    () => Array.from({ length: count(3, 6) }, () => `- ${sentence()}`).join('\n'),
    () => Array.from({ length: count(3, 5) }, (_, index) => `${index + 1}. ${sentence()}`).join('\n'),
    () => Array.from({ length: count(2, 4) }, () => `- [${random() < 0.5 ? 'x' : ' '}] ${inline()} ${pick(verbs)}`).join('\n'),
    () => {
      const language = pick(languages);
      const lines = codeLines[language] as string[];
      return ['```' + language, ...Array.from({ length: count(3, 8) }, () => pick(lines)), '```'].join('\n');
    },
    () => {
      const header = `| ${pick(nouns)} | ${pick(adjectives)} | ms | notes |`;
      const rows = Array.from({ length: count(3, 8) }, () => `| \`${pick(nouns)}\` | ${pick(adjectives)} | ${count(1, 999)} | ${inline()} |`);
      return [header, '| --- | --- | ---: | --- |', ...rows].join('\n');
    },
    () => `> ${sentence()} ${sentence()}`,
  ];

  // Every kind of block once up front, so even the smoke's small answer has tables and task lists.
  const parts: string[] = [`# How the ${pick(nouns)} ${pick(verbs)} the answer`, ...blocks.map((block) => block())];
  let length = parts.reduce((sum, part) => sum + part.length + 2, 0);
  while (length < bytes) {
    const block = pick(blocks)();
    parts.push(block);
    length += block.length + 2;
  }
  return `${parts.join('\n\n')}\n`;
}

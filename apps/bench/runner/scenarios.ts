import type { ContenderName, RunParameters } from '../page/src/bench-protocol';

/** One contender as it appears in a scenario's table. */
export interface ContenderEntry {
  contender: ContenderName;
  format: RunParameters['format'];
  label: string;
}

export type ScenarioKey =
  | 'steady'
  | 'burst'
  | 'slow-consumer'
  | 'abort'
  | 'history'
  | 'concurrency'
  | 'expensive-renderer'
  | 'markdown'
  | 'markdown-burst';

export interface Scenario {
  key: ScenarioKey;
  title: string;
  description: string;
  parameters: Pick<RunParameters, 'tokens' | 'rate' | 'burst' | 'streams' | 'history' | 'busyMs' | 'blockCostMs' | 'markdownBytes' | 'stopAfterMs'>;
  contenders: ContenderEntry[];
  /** A run longer than this is recorded as "timed out": a frozen peer is a result. */
  timeoutMs: number;
}

const floor: ContenderEntry = { contender: 'floor', format: 'text', label: 'read + decode floor (no rendering)' };
const sluice: ContenderEntry = { contender: 'sluice', format: 'text', label: 'sluice `useTokenStream`' };
const naive: ContenderEntry = { contender: 'naive', format: 'text', label: 'naive fetch + setState per chunk' };
const aiCompletion: ContenderEntry = { contender: 'ai-completion', format: 'text', label: 'AI SDK `useCompletion` (text)' };
const aiCompletionThrottle: ContenderEntry = {
  contender: 'ai-completion-throttle',
  format: 'text',
  label: 'AI SDK `useCompletion` (text, `throttle: 50`)',
};
const aiChat: ContenderEntry = { contender: 'ai-chat', format: 'ai-sdk', label: 'AI SDK `useChat` (UI message stream)' };
const sluiceAiSdk: ContenderEntry = { contender: 'sluice', format: 'ai-sdk', label: 'sluice `useTokenStream` (UI message stream, `aiSdk()`)' };

const sluiceTranscript: ContenderEntry = { contender: 'sluice-transcript', format: 'text', label: 'sluice `useTranscript` + `<Transcript>`' };
const sluiceStreamText: ContenderEntry = { contender: 'sluice-stream-text', format: 'text', label: 'sluice `useTokenStream` + `<StreamText>`' };
/** In the expensive-renderer scenario the plain hook renders its text the way the peers do. */
const sluiceSplitLikePeers: ContenderEntry = { ...sluice, label: 'sluice `useTokenStream`, paragraphs split like the peers' };

// The full matrix would take over 15 minutes on 2 cores; each scenario keeps the contenders it is about.
const steadyContenders = [floor, sluice, sluiceStreamText, naive, aiCompletion, aiCompletionThrottle, aiChat];
const burstContenders = [floor, sluice, sluiceStreamText, sluiceTranscript, naive, aiCompletion, aiCompletionThrottle, aiChat, sluiceAiSdk];
const slowConsumerContenders = [floor, sluice, sluiceStreamText, sluiceTranscript, naive, aiCompletion, aiCompletionThrottle, aiChat];
const abortContenders = [floor, sluice, sluiceStreamText, sluiceTranscript, naive, aiCompletion, aiCompletionThrottle, aiChat];
const noHistory = { burst: 1, streams: 1, history: 0, busyMs: 0, blockCostMs: 0, markdownBytes: 0, stopAfterMs: 0 };

/** Characters of the markdown scenario's answer (106,231 characters, 15,585 tokens: 7.8 s at 2,000 tokens/s). */
export const markdownAnswerBytes = 106_000;
const markdownContenders: ContenderEntry[] = [
  { contender: 'sluice-stream-text', format: 'text', label: 'sluice `<StreamText renderBlock={markdownBlock}>`' },
  { contender: 'sluice-transcript', format: 'text', label: 'sluice `<Transcript renderBlock={markdownBlock}>`' },
  { contender: 'streamdown', format: 'text', label: 'Streamdown (whole text per chunk, `isAnimating`)' },
  { contender: 'react-markdown', format: 'text', label: 'react-markdown + remark-gfm (whole text per chunk)' },
];

export const fullScenarios: Scenario[] = [
  {
    key: 'steady',
    title: '1. Steady: 20,000 tokens at 2,000 tokens/s',
    description: 'A fast model at a steady pace; the answer takes 10 s.',
    parameters: { ...noHistory, tokens: 20_000, rate: 2_000 },
    contenders: steadyContenders,
    timeoutMs: 45_000,
  },
  {
    key: 'burst',
    title: '2. Burst: 200,000 tokens as fast as the producer can write',
    description:
      'About 1.1 MB of text (5.5 MB as a UI message stream) with no rate limit, 50 tokens per write: with one write per token the producer itself (on the same 2 cores) took 2–3 s and the read floor measured the producer, not the page.',
    parameters: { ...noHistory, tokens: 200_000, rate: 0, burst: 50 },
    contenders: burstContenders,
    timeoutMs: 60_000,
  },
  {
    key: 'slow-consumer',
    title: '3. Slow consumer: the burst with a 30 ms busy loop in every animation frame',
    description: 'A slow device or a busy app: every frame spends 30 ms on other work.',
    parameters: { ...noHistory, tokens: 200_000, rate: 0, burst: 50, busyMs: 30 },
    contenders: slowConsumerContenders,
    timeoutMs: 60_000,
  },
  {
    key: 'abort',
    title: '4. Abort: Stop 500 ms into a 1,000,000-token stream',
    description:
      'The user clicks Stop 500 ms after start (the producer writes one token per write, as fast as it can); the screen is watched for 1 s afterwards.',
    // One write per token: at 50 tokens per write the producer had written all 1,000,000 tokens
    // into the socket and the browser's buffers before the click, leaving no disconnect to time.
    parameters: { ...noHistory, tokens: 1_000_000, rate: 0, burst: 1, stopAfterMs: 500 },
    contenders: abortContenders,
    timeoutMs: 20_000,
  },
  {
    key: 'history',
    title: '5. History: scenario 1 below a 5,000-message conversation',
    description: 'Peers render the whole conversation (no virtualization), as their examples do; sluice renders it with `<Transcript>`.',
    parameters: { ...noHistory, tokens: 20_000, rate: 2_000, history: 5_000 },
    contenders: [
      sluiceTranscript,
      { contender: 'naive-history', format: 'text', label: 'naive fetch + setState, list in state' },
      { contender: 'ai-completion-history', format: 'text', label: 'AI SDK `useCompletion` (text) + list' },
      { contender: 'ai-chat-history', format: 'ai-sdk', label: 'AI SDK `useChat` (UI message stream)' },
    ],
    timeoutMs: 60_000,
  },
  {
    key: 'concurrency',
    title: '6. Concurrency: 10 simultaneous streams of scenario 1 on one page',
    description: 'Ten answers at 2,000 tokens/s each (20,000 tokens/s in total).',
    parameters: { ...noHistory, tokens: 20_000, rate: 2_000, streams: 10 },
    contenders: [sluice, sluiceStreamText, sluiceTranscript, naive],
    timeoutMs: 60_000,
  },
  {
    key: 'expensive-renderer',
    title: '7. Expensive renderer: 10,000 tokens at 2,000 tokens/s, every rendered block costs 10 ms of script',
    description:
      'A stand-in for syntax highlighting: rendering a block (a paragraph or a code fence) busy-waits 10 ms. sluice pays it in `renderBlock`, which runs for the growing tail block only; the peers (and `useTokenStream` into a plain element) split the text into paragraphs on every update and render each in a memoized component, as the AI SDK\'s memoized-markdown recipe does, so they pay it for the growing paragraph on every commit.',
    parameters: { ...noHistory, tokens: 10_000, rate: 2_000, blockCostMs: 10 },
    contenders: [sluiceStreamText, sluiceTranscript, sluiceSplitLikePeers, naive, aiCompletion, aiCompletionThrottle, aiChat],
    timeoutMs: 45_000,
  },
  {
    key: 'markdown',
    title: '8. Markdown: a 106 KB markdown answer at 2,000 tokens/s',
    description:
      'The same generated answer (headings, paragraphs with inline formatting and links, lists, task lists, code fences, tables, quotes; `page/src/markdown-answer.ts`), posted to the producer as its corpus and streamed back at 2,000 tokens/s (15,585 tokens, 7.8 s). sluice renders blocks with `@sluice/markdown`\'s `markdownBlock`; Streamdown and react-markdown get the whole text on every chunk, as their docs show.',
    parameters: { ...noHistory, tokens: 0, rate: 2_000, markdownBytes: markdownAnswerBytes },
    contenders: markdownContenders,
    timeoutMs: 45_000,
  },
  {
    key: 'markdown-burst',
    title: '9. Markdown burst: the same 106 KB answer as fast as the producer can write',
    description: 'Scenario 8\'s answer with no rate limit, 50 tokens per write.',
    parameters: { ...noHistory, tokens: 0, rate: 0, burst: 50, markdownBytes: markdownAnswerBytes },
    contenders: markdownContenders,
    timeoutMs: 45_000,
  },
];

/** Whether `--scenario name` selects `key`: its own key, or a family (`markdown` also runs `markdown-burst`). */
export function selectsScenario(name: string, key: ScenarioKey): boolean {
  return key === name || key.startsWith(`${name}-`);
}

/** The CI smoke: tiny sizes, a couple of contenders, one run; proves the page and the contenders work. */
export const smokeScenarios: Scenario[] = [
  {
    key: 'steady',
    title: 'smoke: steady',
    description: '',
    parameters: { ...noHistory, tokens: 800, rate: 2_000 },
    contenders: [floor, sluice, sluiceStreamText, naive, aiCompletion, aiChat],
    timeoutMs: 15_000,
  },
  {
    key: 'burst',
    title: 'smoke: burst',
    description: '',
    parameters: { ...noHistory, tokens: 5_000, rate: 0 },
    contenders: [sluice, sluiceStreamText, naive],
    timeoutMs: 15_000,
  },
  {
    key: 'abort',
    title: 'smoke: abort',
    description: '',
    parameters: { ...noHistory, tokens: 200_000, rate: 0, stopAfterMs: 200 },
    contenders: [sluice, sluiceStreamText],
    timeoutMs: 15_000,
  },
  {
    key: 'history',
    title: 'smoke: history',
    description: '',
    parameters: { ...noHistory, tokens: 800, rate: 2_000, history: 200 },
    contenders: [{ contender: 'sluice-transcript', format: 'text', label: 'sluice `<Transcript>`' }],
    timeoutMs: 15_000,
  },
  {
    key: 'concurrency',
    title: 'smoke: concurrency',
    description: '',
    parameters: { ...noHistory, tokens: 800, rate: 2_000, streams: 3 },
    contenders: [sluice, sluiceStreamText, sluiceTranscript, naive],
    timeoutMs: 15_000,
  },
  {
    key: 'expensive-renderer',
    title: 'smoke: expensive renderer',
    description: '',
    parameters: { ...noHistory, tokens: 800, rate: 2_000, blockCostMs: 2 },
    contenders: [sluiceStreamText, sluiceTranscript, sluiceSplitLikePeers, naive, aiCompletion, aiCompletionThrottle, aiChat],
    timeoutMs: 15_000,
  },
  {
    key: 'markdown',
    title: 'smoke: markdown',
    description: '',
    // 3,348 characters, 504 tokens; every kind of block appears (the answer opens with one of each).
    parameters: { ...noHistory, tokens: 0, rate: 2_000, markdownBytes: 3_000 },
    contenders: markdownContenders,
    timeoutMs: 15_000,
  },
];

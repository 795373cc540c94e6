/**
 * An in-page stand-in for a model server: a `fetch` that answers with a Server-Sent Events
 * body the page produces itself, at a set token rate or as one burst. Runs in the page so the
 * numbers measure the consumer, not the loopback network.
 */

export interface PacedBodyOptions {
  /** Sent as the first event, at once (e.g. a 1 MB answer so far). */
  prefill?: string;
  /** Tokens after the prefill. */
  totalTokens: number;
  /** Tokens per second, or `'burst'` to enqueue everything as fast as the reader pulls. */
  rate: number | 'burst';
  /** A paragraph break after every this many tokens. */
  paragraphEvery?: number;
}

const encoder = new TextEncoder();

function sseEvent(text: string): string {
  // Multi-line data: one `data:` line per line; the parser joins them with \n.
  return `${text
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
}

function tokenText(index: number, paragraphEvery: number): string {
  return (index + 1) % paragraphEvery === 0 ? '\n\n' : `w${index % 1000} `;
}

export function createPacedFetch(options: PacedBodyOptions): typeof globalThis.fetch {
  const paragraphEvery = options.paragraphEvery ?? 60;
  return async (_input, init) => {
    let sent = 0;
    let timer: ReturnType<typeof setInterval> | null = null;
    const signal = init?.signal ?? null;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (options.prefill) controller.enqueue(encoder.encode(sseEvent(options.prefill)));
        if (options.rate === 'burst') return;
        const rate = options.rate;
        const startedAt = performance.now();
        timer = setInterval(() => {
          const owed = Math.min(options.totalTokens, Math.floor(((performance.now() - startedAt) * rate) / 1000));
          let chunk = '';
          while (sent < owed) chunk += sseEvent(tokenText(sent++, paragraphEvery));
          if (chunk) controller.enqueue(encoder.encode(chunk));
          if (sent >= options.totalTokens) {
            if (timer) clearInterval(timer);
            controller.close();
          }
        }, 4);
      },
      // Burst: produce only when the reader pulls, so the consumer's backpressure is honoured.
      // Each chunk arrives in its own task, as network reads do; producing them all in one
      // microtask chain would measure the producer, not the consumer.
      async pull(controller) {
        if (options.rate !== 'burst') return;
        await new Promise<void>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(null);
        });
        let chunk = '';
        const end = Math.min(options.totalTokens, sent + 2000);
        while (sent < end) chunk += sseEvent(tokenText(sent++, paragraphEvery));
        controller.enqueue(encoder.encode(chunk));
        if (sent >= options.totalTokens) controller.close();
      },
      cancel() {
        if (timer) clearInterval(timer);
      },
    });
    signal?.addEventListener('abort', () => {
      if (timer) clearInterval(timer);
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
}

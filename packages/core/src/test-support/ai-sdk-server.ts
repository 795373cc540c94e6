/**
 * The real `ai` package's server side for tests: a `streamText` (with the package's own mock
 * model) or a `createUIMessageStream` answer, served as a web `Response` over `node:http` on
 * 127.0.0.1. Test-only: `ai` is a devDependency.
 */
import { Readable } from 'node:stream';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export { MockLanguageModelV4 };

/** One part of a language model's stream (the provider spec's `ModelStreamPart`, loosely typed). */
export type ModelStreamPart = { type: string } & Record<string, unknown>;

/** Token usage the mock model reports; the numbers do not matter to the UI stream. */
export const mockUsage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 10, text: 10, reasoning: 0 },
};

export function finishChunk(unified: 'stop' | 'length' | 'tool-calls' | 'error' | 'content-filter' | 'other'): ModelStreamPart {
  return { type: 'finish', finishReason: { unified, raw: unified }, usage: mockUsage };
}

/** A mock model whose every call streams the next of `steps` (one list of stream parts per step). */
export function mockModel(...steps: ModelStreamPart[][]): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    // The mock takes the provider spec's stream parts; these tests build them as plain objects.
    doStream: steps.map((chunks) => ({ stream: simulateReadableStream({ chunks }) })) as never,
  });
}

/**
 * A mock model whose stream delivers `chunks`, then waits for `failWhen` and fails with `error`
 * (the body errors). Waiting lets the client receive the chunks first: erroring a stream discards
 * whatever is still queued in it.
 */
export function failingModel(chunks: ModelStreamPart[], error: Error, failWhen: Promise<void>): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    doStream: async () => {
      let next = 0;
      return {
        stream: new ReadableStream<ModelStreamPart>({
          async pull(controller) {
            const chunk = chunks[next];
            next += 1;
            if (chunk) {
              controller.enqueue(chunk);
              return;
            }
            await failWhen;
            controller.error(error);
          },
        }),
      } as never;
    },
  });
}

/**
 * Serves `makeResponse()` (a fresh web `Response` per request) over `node:http`: status, headers
 * and the body piped as it streams. A body that errors destroys the socket, as a real server would.
 */
export function serveWebResponse(makeResponse: () => Response): Promise<LoopbackServer> {
  return startLoopbackServer((_request, response) => {
    const answer = makeResponse();
    const headers: Record<string, string> = { 'access-control-allow-origin': '*' };
    answer.headers.forEach((value, key) => {
      headers[key] = value;
    });
    response.writeHead(answer.status, headers);
    if (!answer.body) {
      response.end();
      return;
    }
    const body = Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream<Uint8Array>);
    body.on('error', () => response.destroy());
    body.pipe(response);
  });
}

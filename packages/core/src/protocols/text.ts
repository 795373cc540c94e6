import type { Protocol } from '../types.js';

/**
 * Plain text: every decoded chunk is a token; the end of the body is the end of the answer.
 * @example `createTokenStream({ url: '/api/completion', protocol: text() })`
 */
export function text(): Protocol {
  return {
    name: 'text',
    createParser(sink) {
      return {
        feed(chunk) {
          if (chunk !== '') sink.token(chunk);
        },
        end() {
          sink.done();
        },
      };
    },
  };
}

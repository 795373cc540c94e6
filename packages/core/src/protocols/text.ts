import type { Protocol } from '../types';

/**
 * Plain text: every decoded chunk is a token; the end of the body is the end of the answer.
 * @example `createTokenStream({ url: '/api/completion', protocol: text() })`
 */
export function text(): Protocol {
  return {
    name: 'text',
    createParser(emit) {
      return {
        feed(chunk) {
          if (chunk !== '') emit({ type: 'token', text: chunk });
        },
        end() {
          emit({ type: 'done' });
        },
      };
    },
  };
}

import type { WireFormat } from '../producer-options.js';
import { createAiSdkEncoder } from './ai-sdk.js';
import { createAnthropicEncoder } from './anthropic.js';
import { createNdjsonEncoder } from './ndjson.js';
import { createOpenAiEncoder } from './openai.js';
import { createSseEncoder } from './sse.js';
import { createTextEncoder } from './text.js';
import type { WireEncoder } from './wire-encoder.js';

const factories: Record<WireFormat, () => WireEncoder> = {
  sse: createSseEncoder,
  ndjson: createNdjsonEncoder,
  text: createTextEncoder,
  openai: createOpenAiEncoder,
  anthropic: createAnthropicEncoder,
  'ai-sdk': () => createAiSdkEncoder(),
};

/** The encoder for a wire format. */
export function createEncoder(format: WireFormat): WireEncoder {
  return factories[format]();
}

import type { WireFormat } from '../producer-options.js';
import { createAiSdkEncoder } from './ai-sdk.js';
import { createAnthropicEncoder } from './anthropic.js';
import { createNdjsonEncoder } from './ndjson.js';
import { createOpenAiEncoder } from './openai.js';
import { createOpenAiResponsesEncoder } from './openai-responses.js';
import { createSseEncoder } from './sse.js';
import { createTextEncoder } from './text.js';
import type { WireEncoder } from './wire-encoder.js';

const factories: Record<WireFormat, () => WireEncoder> = {
  sse: createSseEncoder,
  ndjson: createNdjsonEncoder,
  text: createTextEncoder,
  openai: createOpenAiEncoder,
  'openai-responses': createOpenAiResponsesEncoder,
  anthropic: createAnthropicEncoder,
  'ai-sdk': () => createAiSdkEncoder(),
};

/** A fresh encoder for one stream in a wire format (encoders keep per-stream state such as block indexes). */
export function createEncoder(format: WireFormat): WireEncoder {
  return factories[format]();
}

export { createTokenSource, splitIntoTokens } from './token-source.js';
export type { TokenSourceOptions } from './token-source.js';
export { expectedFinishReason, expectedParts, expectedText } from './expected-message.js';
export type { ExpectedFinishReason, ExpectedPart } from './expected-message.js';
export { createSeededRandom } from './seeded-random.js';
export {
  defaultProducerOptions,
  parseProducerOptions,
  producerFinishReasons,
  resolveProducerOptions,
  wireFormats,
} from './producer-options.js';
export type {
  ParseResult,
  ProducerFault,
  ProducerFinishReason,
  ProducerOptions,
  ProducerOptionsInput,
  WireFormat,
} from './producer-options.js';
export { createEncoder } from './encoders/create-encoder.js';
export type { ProgressUpdate, StreamSummary, WireEncoder } from './encoders/wire-encoder.js';
export { createMessageEvents } from './message-events.js';
export type { MessageEvent } from './message-events.js';
export type { SourcePlan, ToolCallPlan } from './message-plan.js';
export { createWireSteps, errorMessageAfter } from './wire-steps.js';
export type { StepOutcome, WireStep } from './wire-steps.js';
export { driveSteps } from './step-driver.js';
export type { StepDriverOptions, StepSink } from './step-driver.js';
export { mockFetch } from './mock-fetch.js';
export type { MockFetch, MockFetchOptions, MockStreamRecord } from './mock-fetch.js';

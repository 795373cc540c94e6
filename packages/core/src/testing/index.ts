/**
 * `@sluice/core/testing`: the workspace's shared test doubles (Node only: they use `node:http`
 * and `setImmediate`). Not part of the main entry.
 */
export {
  closeLoopbackServers,
  contentTypes,
  delay,
  serveChunks,
  sseEvent,
  startLoopbackServer,
  startStream,
  write,
  writeChunks,
  writeRespectingDrain,
} from './loopback-server.js';
export type { LoopbackHandler, LoopbackServer, RecordedRequest } from './loopback-server.js';
export { createManualSchedule, flushUntilSettled, immediateSchedule, isSettled, recordSnapshots } from './manual-schedule.js';
export type { ManualSchedule } from './manual-schedule.js';

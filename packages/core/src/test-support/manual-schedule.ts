// The implementation is the shared one in ../testing (also `@sluice/core/testing`); this path
// stays so tests written against it keep resolving.
export * from '../testing/manual-schedule.js';

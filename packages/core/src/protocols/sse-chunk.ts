// The module a run imports lazily for `sse()`. Not `./sse.js` itself: an app that also
// imports that one statically (directly or through a preset built on it) would get a bundler
// warning that the `import()` cannot split it, on every build.
export { sse } from './sse.js';

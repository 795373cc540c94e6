// The module a run imports lazily for `ndjson()`. Not `./ndjson.js` itself: an app that also
// imports that one statically (directly or through a preset built on it) would get a bundler
// warning that the `import()` cannot split it, on every build.
export { ndjson } from './ndjson.js';

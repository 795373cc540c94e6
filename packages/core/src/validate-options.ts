import type { TokenStreamOptions } from './types.js';

function misuse(message: string): never {
  throw new TypeError(`sluice: ${message}`);
}

function isPositiveFinite(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Programmer misuse throws with a hint; bad stream data never does (it becomes `snapshot.error`). */
export function validateOptions(options: TokenStreamOptions): void {
  if (typeof options !== 'object' || options === null) misuse('options must be an object.');
  const { highWaterMark, schedule, timeouts, protocol, fetch } = options;
  if (highWaterMark !== undefined && !isPositiveFinite(highWaterMark)) {
    misuse(`highWaterMark must be a positive number of bytes (got ${String(highWaterMark)}); the default is 1048576.`);
  }
  if (
    schedule !== undefined &&
    schedule !== 'frame' &&
    typeof schedule !== 'function' &&
    !(typeof schedule === 'number' && Number.isFinite(schedule) && schedule >= 0)
  ) {
    misuse(`schedule must be 'frame', a number of milliseconds, or a function (got ${String(schedule)}).`);
  }
  if (timeouts !== undefined) {
    for (const [name, value] of Object.entries(timeouts)) {
      if (!['firstToken', 'idle', 'total'].includes(name)) {
        misuse(`unknown timeout "${name}"; use firstToken, idle or total.`);
      }
      if (value !== undefined && !isPositiveFinite(value)) {
        misuse(`timeouts.${name} must be a positive number of milliseconds (got ${String(value)}).`);
      }
    }
  }
  if (protocol !== undefined && (typeof protocol !== 'object' || typeof protocol?.createParser !== 'function')) {
    misuse('protocol must come from sse(), ndjson(), text(), openai(), anthropic() or aiSdk().');
  }
  if (fetch !== undefined && typeof fetch !== 'function') misuse('fetch must be a function.');
  validatePace(options.pace);
  validateReconnect(options);
}

function validatePace(pace: TokenStreamOptions['pace']): void {
  if (pace === undefined || pace === false) return;
  if (typeof pace !== 'object' || pace === null) {
    misuse(`pace must be false or { maxLagMs?: number } (got ${String(pace)}).`);
  }
  if (pace.maxLagMs !== undefined && !isPositiveFinite(pace.maxLagMs)) {
    misuse(`pace.maxLagMs must be a positive number of milliseconds (got ${String(pace.maxLagMs)}); the default is 300.`);
  }
  if (pace.matchMedia !== undefined && typeof pace.matchMedia !== 'function') {
    misuse('pace.matchMedia must be a function like window.matchMedia.');
  }
}

function validateReconnect({ reconnect, resume }: TokenStreamOptions): void {
  if (resume !== undefined && typeof resume !== 'function') {
    misuse('resume must be a function (cursor, snapshot) => { url, init } | null.');
  }
  if (reconnect === undefined || reconnect === false) return;
  if (typeof reconnect !== 'object' || reconnect === null) {
    misuse(`reconnect must be false or { attempts?, delay? } (got ${String(reconnect)}).`);
  }
  const { attempts, delay } = reconnect;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 0)) {
    misuse(`reconnect.attempts must be a whole number of attempts, 0 or more (got ${String(attempts)}); the default is 5.`);
  }
  if (delay !== undefined && typeof delay !== 'function') {
    misuse('reconnect.delay must be a function (attempt) => milliseconds.');
  }
}

export function validateStartOptions(options: TokenStreamOptions): void {
  validateOptions(options);
  if (options.url === undefined || options.url === '') {
    misuse('start() needs a url: pass it to createTokenStream({ url }) or to start({ url }).');
  }
  if (typeof (options.fetch ?? globalThis.fetch) !== 'function') {
    misuse('no fetch implementation: pass options.fetch where globalThis.fetch is missing.');
  }
}

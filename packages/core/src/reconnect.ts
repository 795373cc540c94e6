import type { ReconnectOptions, ResumeRequest, TokenStreamOptions } from './types.js';

/** Attempts after a drop when the request is a GET, or when the caller gave `resume`. */
export const DEFAULT_RECONNECT_ATTEMPTS = 5;

/** The longest default wait before an attempt, before jitter. */
const MAX_BACKOFF_MS = 5000;

/** Up to this much random wait is added, so clients cut by one proxy do not all return at once. */
const JITTER_MS = 1000;

/** How often, and after how long, a dropped run tries again. */
export interface ReconnectPolicy {
  readonly attempts: number;
  /** Milliseconds to wait before attempt `attempt` (1-based); never negative. */
  delay(attempt: number): number;
}

/** `min(1000·2^(attempt-1), 5000)` ms plus up to 1,000 ms of jitter. */
export function defaultReconnectDelay(attempt: number, random: () => number = Math.random): number {
  return Math.min(1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS) + random() * JITTER_MS;
}

/** The request's method, upper-cased; fetch's default is GET. */
export function requestMethodOf(init: RequestInit | undefined): string {
  return (init?.method ?? 'GET').toUpperCase();
}

/**
 * Only a GET may be repeated by the kit on its own; anything else could carry a prompt that
 * must not be sent (and paid for) twice, so it resumes only through the caller's `resume`.
 */
export function reconnectPolicyOf(options: Pick<TokenStreamOptions, 'reconnect' | 'resume' | 'init'>): ReconnectPolicy {
  const { reconnect, resume } = options;
  const canRepeatRequest = resume !== undefined || requestMethodOf(options.init) === 'GET';
  if (reconnect === false || !canRepeatRequest) return { attempts: 0, delay: () => 0 };
  const settings: ReconnectOptions = reconnect ?? {};
  const chosenDelay = settings.delay ?? defaultReconnectDelay;
  return {
    attempts: settings.attempts ?? DEFAULT_RECONNECT_ATTEMPTS,
    delay(attempt) {
      const milliseconds = chosenDelay(attempt);
      return Number.isFinite(milliseconds) && milliseconds > 0 ? milliseconds : 0;
    },
  };
}

/** One request of a run: the first one, or an attempt after a drop. */
export interface AttemptRequest {
  readonly url: string | URL;
  readonly init: RequestInit;
}

/** The same GET again, asking the server for what came after the last event delivered. */
export function lastEventIdRequest(url: string | URL, init: RequestInit | undefined, cursor: string): AttemptRequest {
  const headers = new Headers(init?.headers);
  headers.set('last-event-id', cursor);
  return { url, init: { ...init, headers } };
}

/** Checks what the caller's `resume` returned; misuse becomes a message, since the run cannot throw. */
export function resumeRequestProblem(value: unknown): string | null {
  if (value === null) return null;
  const request = value as Partial<ResumeRequest> | undefined;
  if (typeof request !== 'object' || (typeof request.url !== 'string' && !(request.url instanceof URL))) {
    return 'resume() must return { url, init? } or null';
  }
  return null;
}

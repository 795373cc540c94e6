import { describe, expect, it } from 'vitest';
import { createTokenStream } from './index.js';
import { defaultReconnectDelay, lastEventIdRequest, reconnectPolicyOf } from './reconnect.js';
import { createReplayGate } from './replay-gate.js';

describe('defaultReconnectDelay', () => {
  it('doubles from one second up to five, plus up to one second of jitter', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 9].map((attempt) => defaultReconnectDelay(attempt, noJitter))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    expect(defaultReconnectDelay(1, () => 0.5)).toBe(1500);
    expect(defaultReconnectDelay(4, () => 0.999)).toBeCloseTo(5999, 0);
  });
});

describe('reconnectPolicyOf', () => {
  it('gives a GET five attempts and any other method none, unless resume is given', () => {
    const resume = () => null;
    expect(reconnectPolicyOf({}).attempts).toBe(5);
    expect(reconnectPolicyOf({ init: { method: 'get' } }).attempts).toBe(5);
    expect(reconnectPolicyOf({ init: { method: 'POST' } }).attempts).toBe(0);
    expect(reconnectPolicyOf({ init: { method: 'POST' }, reconnect: { attempts: 9 } }).attempts).toBe(0);
    expect(reconnectPolicyOf({ init: { method: 'POST' }, resume }).attempts).toBe(5);
    expect(reconnectPolicyOf({ init: { method: 'PUT' }, resume, reconnect: { attempts: 2 } }).attempts).toBe(2);
    expect(reconnectPolicyOf({ reconnect: false }).attempts).toBe(0);
    expect(reconnectPolicyOf({ reconnect: false, resume }).attempts).toBe(0);
  });

  it('uses the given delay, never below zero', () => {
    const policy = reconnectPolicyOf({ reconnect: { delay: (attempt) => (attempt === 1 ? -5 : attempt * 10) } });
    expect([policy.delay(1), policy.delay(2), policy.delay(3)]).toEqual([0, 20, 30]);
    expect(reconnectPolicyOf({ reconnect: { delay: () => Number.NaN } }).delay(1)).toBe(0);
  });
});

describe('lastEventIdRequest', () => {
  it('keeps the caller’s headers and adds Last-Event-ID', () => {
    const request = lastEventIdRequest('/feed', { headers: { authorization: 'Bearer x' }, credentials: 'include' }, '41');
    const headers = new Headers(request.init.headers);
    expect(headers.get('authorization')).toBe('Bearer x');
    expect(headers.get('last-event-id')).toBe('41');
    expect(request.init.credentials).toBe('include');
    expect(request.url).toBe('/feed');
  });
});

describe('createReplayGate', () => {
  it('orders numeric ids as numbers, not as text', () => {
    const gate = createReplayGate();
    expect(['8', '9', '10', '9', '10', '11', '100', '99'].map((id) => gate.admit(id))).toEqual([
      true, true, true, false, false, true, true, false,
    ]);
    expect(gate.cursor).toBe('100');
  });

  it('delivers each opaque id once, whatever order the server replays them in', () => {
    const gate = createReplayGate();
    expect(['evt_a', 'evt_b', 'evt_a', 'evt_b', 'evt_c', '007', '007'].map((id) => gate.admit(id))).toEqual([
      true, true, false, false, true, true, false,
    ]);
    expect(gate.cursor).toBe('007');
  });

  it('closes while skipping and opens again at a new id or a new attempt', () => {
    const gate = createReplayGate();
    gate.admit('1');
    gate.admit('1');
    expect(gate.isOpen).toBe(false);
    gate.startAttempt();
    expect(gate.isOpen).toBe(true);
    gate.admit('1');
    expect(gate.isOpen).toBe(false);
    gate.admit('2');
    expect(gate.isOpen).toBe(true);
    expect(gate.cursor).toBe('2');
  });
});

describe('options', () => {
  it.each([
    [{ reconnect: { attempts: -1 } }, /reconnect.attempts/],
    [{ reconnect: { attempts: 1.5 } }, /reconnect.attempts/],
    [{ reconnect: { delay: 100 } }, /reconnect.delay must be a function/],
    [{ reconnect: true }, /reconnect must be false or/],
    [{ resume: '/resume' }, /resume must be a function/],
  ])('misuse throws with a hint: %o', (options, hint) => {
    expect(() => createTokenStream(options as never)).toThrow(hint);
  });
});

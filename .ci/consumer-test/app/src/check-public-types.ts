// Every public entry point, imported under Node16 resolution. Each `@ts-expect-error` line only
// compiles while the import has a real type: were a package to resolve to `any` (the failure
// this guards against), the assignment would be allowed and the unused directive an error.
import { createTokenStream, sse } from '@sluice/core';
import type { TokenStream } from '@sluice/core';
import { StatusLine, StopButton, Transcript, useTokenStream, useTranscript } from '@sluice/react';
import type { TranscriptMessage } from '@sluice/react';
import { mockFetch } from '@sluice/mock-producer/browser';
import { createProducerServer } from '@sluice/mock-producer/server';
import { sluiceProducer } from '@sluice/mock-producer/vite';

export const stream: TokenStream = createTokenStream({ url: '/api/stream', protocol: sse() });
export const message: TranscriptMessage = { id: 'm1', role: 'user', text: 'hello' };

// @ts-expect-error createTokenStream is a function, not a number
export const coreIsTyped: number = createTokenStream;
// @ts-expect-error useTokenStream is a function, not a number
export const hookIsTyped: number = useTokenStream;
// @ts-expect-error useTranscript is a function, not a number
export const transcriptHookIsTyped: number = useTranscript;
// @ts-expect-error Transcript is a component, not a number
export const componentIsTyped: number = Transcript;
// @ts-expect-error StatusLine is a component, not a number
export const statusLineIsTyped: number = StatusLine;
// @ts-expect-error StopButton is a component, not a number
export const stopButtonIsTyped: number = StopButton;
// @ts-expect-error mockFetch is a function, not a number
export const browserEntryIsTyped: number = mockFetch;
// @ts-expect-error createProducerServer is a function, not a number
export const serverEntryIsTyped: number = createProducerServer;
// @ts-expect-error sluiceProducer is a function, not a number
export const viteEntryIsTyped: number = sluiceProducer;

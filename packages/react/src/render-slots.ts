import type { MessagePart } from '@sluice/core';
import type { ReactNode } from 'react';
import type { TranscriptBlock } from './split-blocks.js';
import type { TranscriptMessage } from './transcript-message.js';

/** Renders one block of text (a paragraph or a fenced code block); the `renderBlock` slot. */
export type RenderBlock = (block: TranscriptBlock, index: number) => ReactNode;

/** Renders a whole message; the `renderMessage` slot of `<Transcript>`. */
export type RenderMessage = (message: TranscriptMessage, defaultRender: () => ReactNode) => ReactNode;

/**
 * Renders one part of a message; the `renderPart` slot of `<Transcript>` and `<StreamText>`.
 * Return `defaultRender()` for the built-in look of that part (or wrap it); return `null` to
 * hide the part. Data parts have no built-in look: they show only through this slot.
 */
export type RenderPart = (part: MessagePart, defaultRender: () => ReactNode) => ReactNode;

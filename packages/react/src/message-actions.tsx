import { useState } from 'react';
import { isSettled } from '@sluice/core';
import type { MouseEvent, ReactNode } from 'react';
import type { TranscriptMessage } from './transcript-message.js';

export interface MessageActionsProps {
  message: TranscriptMessage;
  /** Shows Retry on a failed or stopped answer; called with the answer's id. */
  onRetry: ((messageId: string) => void) | undefined;
  /** Shows Copy on a settled answer with text. */
  showCopyButton: boolean;
}

type CopyState = 'idle' | 'copied' | 'selected';

// Icons only, labelled by aria-label: the row's textContent stays the message's own text.
function CopyIcon(): ReactNode {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="5" y="5" width="8" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H10" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function RetryIcon(): ReactNode {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M13 8a5 5 0 1 1-1.6-3.7" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      <path d="M13 2.5V5.5H10" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** Selects the message's text, so the user can copy it by hand where the Clipboard API is missing. */
function selectMessageText(button: HTMLElement): boolean {
  const body = button.closest('.sluice-message')?.querySelector('.sluice-message-body');
  const selection = typeof window === 'undefined' ? null : window.getSelection();
  if (!body || !selection) return false;
  const range = document.createRange();
  range.selectNodeContents(body);
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}

/**
 * Copy (a settled answer) and Retry (a failed or stopped answer). Copy writes the answer's
 * text with `navigator.clipboard.writeText`; where that is missing or refused (plain http, a
 * denied permission) it selects the text instead and says how to copy it.
 */
export function MessageActions({ message, onRetry, showCopyButton }: MessageActionsProps): ReactNode {
  const [copyState, setCopyState] = useState<CopyState>('idle');
  const settled = message.phase === undefined || isSettled(message.phase);
  const canRetry = onRetry !== undefined && (message.phase === 'error' || message.phase === 'aborted');
  const canCopy = showCopyButton && settled && message.text.length > 0;
  if (message.role !== 'assistant' || (!canRetry && !canCopy)) return null;

  const copy = (event: MouseEvent<HTMLButtonElement>) => {
    const button = event.currentTarget;
    const fallBack = () => setCopyState(selectMessageText(button) ? 'selected' : 'idle');
    if (typeof navigator === 'undefined' || typeof navigator.clipboard?.writeText !== 'function') {
      fallBack();
      return;
    }
    navigator.clipboard.writeText(message.text).then(() => setCopyState('copied'), fallBack);
  };

  return (
    <div className="sluice-message-actions">
      {canCopy ? (
        <button type="button" className="sluice-action" aria-label={copyState === 'copied' ? 'Copied' : 'Copy answer'} title="Copy answer" onClick={copy}>
          <CopyIcon />
        </button>
      ) : null}
      {canRetry ? (
        <button type="button" className="sluice-action" aria-label="Retry" title="Ask again" onClick={() => onRetry(message.id)}>
          <RetryIcon />
        </button>
      ) : null}
      {copyState === 'selected' ? (
        <span className="sluice-action-hint" role="status">
          Copying is not available here; the answer is selected, press Ctrl+C (⌘C) to copy it.
        </span>
      ) : null}
    </div>
  );
}

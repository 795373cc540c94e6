import { useCallback } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { MessageRow } from './message-row.js';
import type { RenderBlock, RenderMessage, RenderPart } from './render-slots.js';
import type { LiveMessage, TranscriptMessage } from './transcript-message.js';
import { useFollowOutput } from './use-follow-output.js';
import { useFrameVirtualizer } from './use-frame-virtualizer.js';
import { useIsHydrated } from './use-is-hydrated.js';
import { useKeepEndOnResize } from './use-keep-end-on-resize.js';
import { useUnboundedScrollerWarning } from './use-unbounded-scroller-warning.js';


export interface TranscriptProps {
  /**
   * The conversation, oldest first. Only the live row re-renders per token, so this array
   * should change only when a message is added or settles (as `useTranscript` does).
   */
  messages: readonly TranscriptMessage[];
  /**
   * The message being streamed and its store. The row whose id equals `live.messageId` renders
   * from the store instead of from `messages`.
   * @defaultValue `null`
   * @example `<Transcript messages={messages} live={live} />`
   */
  live?: LiveMessage | null;
  /**
   * Renders a whole message inside its row; call `defaultRender()` for the built-in look.
   * @defaultValue the built-in look (blocks, a "Stopped" marker, the error message)
   * @example `renderMessage={(message, defaultRender) => <><b>{message.role}</b>{defaultRender()}</>}`
   */
  renderMessage?: RenderMessage;
  /**
   * Renders one block (a paragraph or a fenced code block), e.g. with a markdown renderer.
   * Completed blocks are memoized, so this runs for the growing tail block only. Keep the
   * function's identity stable (define it outside the component or with `useCallback`).
   * @defaultValue text in `<p>`, code in `<pre><code>`
   * @example `renderBlock={markdownBlock}` (from `@sluice/markdown`)
   */
  renderBlock?: RenderBlock;
  /**
   * Renders one part of a message (text, reasoning, tool call, source, file, data); call
   * `defaultRender()` for the built-in look, return `null` to hide the part. Data parts have no
   * built-in look and show only through this slot. Settled parts are memoized by identity, so
   * this runs per frame for the live part only; keep the function's identity stable.
   * @defaultValue the built-in look: text as blocks, reasoning in a `<details>`, a card per
   * tool call, sources as a list of links, files as links (images with `allowImages`), data hidden
   * @example `renderPart={(part, defaultRender) => (part.type === 'data' ? <Weather data={part.data} /> : defaultRender())}`
   */
  renderPart?: RenderPart;
  /**
   * Shows image files (`file` parts with an `image/*` type and an http(s) URL) as images
   * rather than links.
   * @defaultValue `false`
   */
  allowImages?: boolean;
  /**
   * Shows a Retry button on failed and stopped answers; called with the answer's id. Pass
   * `retry` from `useTranscript`, which sends that turn's prompt again as a new request.
   * @defaultValue none (no Retry button)
   * @example `<Transcript messages={messages} live={live} onRetry={retry} />`
   */
  onRetry?: (messageId: string) => void;
  /**
   * Shows a Copy button on settled answers. It copies the answer's text with the Clipboard
   * API, and where that is unavailable selects the text and says how to copy it.
   * @defaultValue `false`
   */
  showCopyButton?: boolean;
  /**
   * How many of the latest messages are rendered on the server (and in the hydration pass),
   * where no viewport can be measured. They are rendered in normal flow, so the log is never
   * empty before hydration; the client then switches to virtualized rows.
   * @defaultValue `20`
   */
  serverRenderCount?: number;
  /** Extra class names for the outer element (which always has `sluice-transcript`). */
  className?: string;
  /**
   * A row's height in px before it has been measured. Rows are measured once rendered, so
   * this only shapes the scrollbar for rows never seen.
   * @defaultValue `() => 80`
   * @example `estimateSize={(message) => (message.role === 'user' ? 48 : 120)}`
   */
  estimateSize?: (message: TranscriptMessage, index: number) => number;
  /**
   * Rows rendered beyond each edge of the viewport.
   * @defaultValue `4`
   */
  overscan?: number;
  /**
   * The log's accessible name.
   * @defaultValue `"Conversation"`
   */
  'aria-label'?: string;
  /** Inline styles for the outer element; give it a height (or a flex parent) so the log can scroll. */
  style?: CSSProperties;
}

const defaultEstimateSize = () => 80;
const openAtEnd = () => Number.MAX_SAFE_INTEGER;

// Structural styles stay inline so the list works without the stylesheet; looks live in styles.css.
const rootStyle: CSSProperties = { position: 'relative', display: 'flex', flexDirection: 'column', minHeight: 0 };
const scrollerStyle: CSSProperties = {
  flex: '1 1 auto',
  minHeight: 0,
  overflowY: 'auto',
  // The virtualizer corrects the scroll position itself; browser anchoring would fight it.
  overflowAnchor: 'none',
};
const sizerStyle: CSSProperties = { position: 'relative', width: '100%' };

/**
 * A virtualized, accessible conversation log for streamed answers.
 *
 * Only the rows in view (plus `overscan`) are in the DOM, each measured so heights are exact.
 * The view follows new output while the user is at the bottom; scrolling up stops following
 * and shows a "Jump to latest" button with the number of new messages.
 *
 * @example
 * ```tsx
 * const { messages, live } = useTranscript({ url: '/api/chat' });
 * return <Transcript messages={messages} live={live} style={{ height: 480 }} />;
 * ```
 */
export function Transcript({
  messages,
  live = null,
  renderMessage,
  renderBlock,
  renderPart,
  allowImages = false,
  className,
  estimateSize = defaultEstimateSize,
  overscan = 4,
  'aria-label': ariaLabel = 'Conversation',
  style,
  onRetry,
  showCopyButton = false,
  serverRenderCount = 20,
}: TranscriptProps): ReactNode {
  const isHydrated = useIsHydrated();
  const estimate = useCallback(
    (index: number) => {
      const message = messages[index];
      return message ? estimateSize(message, index) : 80;
    },
    [messages, estimateSize],
  );

  // Not `useVirtualizer`: the list's own re-renders go through the shared frame clock, so they
  // land in the stream flush's commit (see use-frame-virtualizer.ts).
  const { virtualizer, attachScrollElement, attachContainer, measureElement, getScrollElement, scrollToEnd, isAtEnd } = useFrameVirtualizer({
    count: messages.length,
    estimateSize: estimate,
    // Rows are keyed by index for the virtualizer (React still keys them by message id):
    // hashing 100,000 string ids on first use cost ~30 ms of a ~100 ms mount. A transcript
    // grows at the end, where index keys behave the same; prepending older messages would not
    // be anchored (use `getItemKey: (index) => messages[index].id` for that).
    overscan,
    // Chat mode: appends follow while at the end, and rows growing at the end stay pinned.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 4,
    // Open at the latest message, the one mechanism for it: the first render already lays out
    // the last rows (the offset is clamped to the end), the virtualizer scrolls there when the
    // scroller attaches, and end anchoring keeps it there while rows are measured. Starting at
    // the top instead measured the first rows, and each of those measurements rebuilt all
    // 100,000 row offsets (~100 ms at mount).
    initialOffset: openAtEnd,
  });

  const { isFollowing, newMessageCount } = useFollowOutput(getScrollElement, isAtEnd, messages.length);

  useKeepEndOnResize(getScrollElement, isFollowing, scrollToEnd);

  const virtualItems = virtualizer.getVirtualItems();
  useUnboundedScrollerWarning(getScrollElement, isHydrated ? virtualItems.length : 0, messages.length);

  const jumpToLatest = () => {
    scrollToEnd();
    // Keep keyboard focus in the log rather than on a button that is about to disappear.
    getScrollElement()?.focus({ preventScroll: true });
  };

  // No viewport to measure yet (server, hydration): the latest messages, in normal flow.
  const firstInFlowIndex = Math.max(0, messages.length - serverRenderCount);
  const rows = isHydrated
    ? virtualItems.map((item) => ({ index: item.index, message: messages[item.index] }))
    : messages.slice(firstInFlowIndex).map((message, offset) => ({ index: firstInFlowIndex + offset, message }));

  const jumpLabel = newMessageCount > 0 ? `Jump to latest (${newMessageCount} new)` : 'Jump to latest';

  return (
    <div className={className ? `sluice-transcript ${className}` : 'sluice-transcript'} style={{ ...rootStyle, ...style }}>
      <div ref={attachScrollElement} role="log" aria-label={ariaLabel} tabIndex={0} className="sluice-transcript-scroller" style={scrollerStyle}>
        <div ref={attachContainer} className="sluice-transcript-rows" style={sizerStyle}>
          {rows.map(({ index, message }) => {
            if (!message) return null;
            return (
              <MessageRow
                key={message.id}
                message={message}
                index={index}
                stream={isHydrated && live !== null && live.messageId === message.id ? live.stream : undefined}
                measureRef={measureElement}
                renderMessage={renderMessage}
                renderBlock={renderBlock}
                renderPart={renderPart}
                allowImages={allowImages}
                onRetry={onRetry}
                showCopyButton={showCopyButton}
                inFlow={!isHydrated}
              />
            );
          })}
        </div>
      </div>
      {isFollowing ? null : (
        <button type="button" className="sluice-jump" onClick={jumpToLatest}>
          {jumpLabel}
        </button>
      )}
    </div>
  );
}

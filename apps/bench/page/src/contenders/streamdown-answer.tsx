import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { Streamdown } from 'streamdown';
import { useReportLength, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';
import { useNaiveStream } from './naive-fetch';

/**
 * Streamdown (the renderer of the AI SDK's ai-elements) with its defaults, fed the whole text
 * per chunk as its docs show with `useChat`; `isAnimating` is true until the body has ended.
 * Streamdown memoizes per block itself. No Tailwind: its class names stay unstyled, which costs
 * no layout it would not pay with them.
 */
export function StreamdownAnswer({ session }: ContenderProps): ReactNode {
  const [text, setText] = useState('');
  const [streaming, setStreaming] = useState(true);
  const append = useCallback((chunk: string) => setText((previous) => previous + chunk), []);
  const { start, stop } = useNaiveStream(session, 0, append);
  useReportLength(session, 0, text.length);
  useSessionStream(session, 0, {
    start: () => void start().finally(() => setStreaming(false)),
    stop,
  });
  return (
    <div className="bench-markdown">
      <Streamdown isAnimating={streaming}>{text}</Streamdown>
    </div>
  );
}

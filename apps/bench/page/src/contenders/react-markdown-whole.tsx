import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { useReportLength, useSessionStream } from '../use-session-stream';
import type { ContenderProps } from './contender-props';
import { useNaiveStream } from './naive-fetch';

// Module scope, as react-markdown's docs write it: a new array per render would be no costlier here.
const remarkPlugins = [remarkGfm];

/**
 * react-markdown with remark-gfm as a chat app first writes it: the reader loop sets the whole
 * text in state per chunk and `<Markdown>` parses and renders all of it on every commit.
 */
export function ReactMarkdownWhole({ session }: ContenderProps): ReactNode {
  const [text, setText] = useState('');
  const append = useCallback((chunk: string) => setText((previous) => previous + chunk), []);
  const { start, stop } = useNaiveStream(session, 0, append);
  useReportLength(session, 0, text.length);
  useSessionStream(session, 0, { start: () => void start(), stop });
  return (
    <div className="bench-markdown">
      <Markdown remarkPlugins={remarkPlugins}>{text}</Markdown>
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

/**
 * Turns a settled code block into highlighted React nodes. It may return a promise, so a
 * highlighter can be imported only when the first code block needs it.
 * @example `highlight={async (code, language) => renderTree((await import('./my-highlighter')).highlight(code, language))}`
 */
export type Highlight = (code: string, language: string | undefined) => ReactNode | Promise<ReactNode>;

interface CodeBlockProps {
  code: string;
  language: string | undefined;
  /** Given only for settled blocks: a streaming tail is never highlighted. */
  highlight: Highlight | undefined;
}

function isPromise(value: unknown): value is Promise<ReactNode> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The plain code until an asynchronous highlighter answers; its result after. */
function AsyncHighlighted({ pending, code }: { pending: Promise<ReactNode>; code: string }): ReactNode {
  const [result, setResult] = useState<{ from: Promise<ReactNode>; nodes: ReactNode } | undefined>(undefined);
  useEffect(() => {
    let current = true;
    pending.then(
      (nodes) => {
        if (current) setResult({ from: pending, nodes });
      },
      // A highlighter that fails leaves the code readable as it is.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [pending]);
  return result?.from === pending ? result.nodes : code;
}

function callHighlight(code: string, language: string | undefined, highlight: Highlight | undefined): ReactNode | Promise<ReactNode> {
  if (highlight === undefined) return code;
  try {
    return highlight(code, language);
  } catch {
    // A highlighter that throws leaves the code readable as it is.
    return code;
  }
}

/** A fenced or indented code block: the code as text, `class="language-…"` from the info string. */
export function CodeBlock({ code, language, highlight }: CodeBlockProps): ReactNode {
  // Memoized so that a re-render keeps the same promise instead of starting another.
  const highlighted = useMemo(() => callHighlight(code, language, highlight), [code, language, highlight]);
  const content = isPromise(highlighted) ? <AsyncHighlighted pending={highlighted} code={code} /> : highlighted;
  return (
    <pre>
      <code className={language === undefined ? undefined : `language-${language}`}>{content}</code>
    </pre>
  );
}

import { memo } from 'react';
import type { ReactNode } from 'react';
import type { MessagePart, SourcePart, TokenStream } from '@sluice/core';
import { FilePartView } from './file-part.js';
import { ReasoningPartView } from './reasoning-part.js';
import type { RenderBlock, RenderPart } from './render-slots.js';
import { SourcePartView } from './source-part.js';
import { TextPartView } from './text-part.js';
import { ToolPartView } from './tool-part.js';

/** What every part view needs besides its part. */
export interface PartSlots {
  /** The store feeding the parts while they stream; their text is read from it by range. */
  stream: TokenStream | undefined;
  renderBlock: RenderBlock | undefined;
  renderPart: RenderPart | undefined;
  allowImages: boolean;
}

interface PartViewProps extends PartSlots {
  part: MessagePart;
}

function renderDefaultPart({ part, stream, renderBlock, allowImages }: PartViewProps): ReactNode {
  switch (part.type) {
    case 'text':
      return <TextPartView part={part} stream={stream} renderBlock={renderBlock} />;
    case 'reasoning':
      return <ReasoningPartView part={part} stream={stream} />;
    case 'tool':
      return <ToolPartView part={part} />;
    case 'source':
      return <SourcePartView part={part} />;
    case 'file':
      return <FilePartView part={part} allowImages={allowImages} />;
    case 'data':
      // Application data has no look of its own: it shows only through `renderPart`.
      return null;
  }
}

// Memoized by the part's identity: the core replaces only the parts that changed, so a flush
// re-renders the live part alone.
const PartView = memo(function PartView(props: PartViewProps) {
  const defaultRender = () => renderDefaultPart(props);
  return props.renderPart ? props.renderPart(props.part, defaultRender) : defaultRender();
});

/** A run of consecutive sources shown as one list. */
function SourceList({ sources, slots }: { sources: readonly SourcePart[]; slots: PartSlots }): ReactNode {
  return (
    <ul className="sluice-part sluice-sources" aria-label="Sources">
      {sources.map((source) => (
        <li key={source.id}>
          <PartView part={source} {...slots} />
        </li>
      ))}
    </ul>
  );
}

/** A message's parts in arrival order. */
export function MessageParts({ parts, ...slots }: PartSlots & { parts: readonly MessagePart[] }): ReactNode {
  const views: ReactNode[] = [];
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index];
    if (part === undefined) continue;
    if (part.type !== 'source') {
      views.push(<PartView key={part.id} part={part} {...slots} />);
      continue;
    }
    const sources: SourcePart[] = [part];
    for (let next = parts[index + 1]; next?.type === 'source'; next = parts[index + 1]) {
      sources.push(next);
      index += 1;
    }
    views.push(<SourceList key={`sources-${part.id}`} sources={sources} slots={slots} />);
  }
  return views;
}

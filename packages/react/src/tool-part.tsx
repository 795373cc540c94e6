import type { ReactNode } from 'react';
import type { ToolPart, ToolPartState } from '@sluice/core';

const badgeLabels: Record<ToolPartState, string> = {
  'input-streaming': 'Running',
  'input-available': 'Running',
  'approval-requested': 'Awaiting approval',
  'output-available': 'Done',
  'output-error': 'Error',
  'output-denied': 'Denied',
};

function badgeLabel(part: ToolPart): string {
  // A preliminary output is a progress report: the tool is still running.
  return part.state === 'output-available' && part.preliminary ? 'Running' : badgeLabels[part.state];
}

function prettyJson(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
}

/** The input as it arrives; pretty-printed once it is complete, valid JSON. */
function shownInput(part: ToolPart): string {
  if (part.input !== undefined) return prettyJson(part.input);
  const trimmed = part.inputText.trimEnd();
  // Only text that can end a JSON value is parsed: a half object never is, and this keeps a
  // streaming input from being parsed on every frame.
  if (!trimmed.endsWith('}') && !trimmed.endsWith(']')) return part.inputText;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return part.inputText;
  }
}

/** A tool call as a card: the tool's name, a state badge, its input, and its output or error. */
export function ToolPartView({ part }: { part: ToolPart }): ReactNode {
  const input = shownInput(part);
  return (
    <div className="sluice-part sluice-tool" data-part-state={part.state}>
      <div className="sluice-tool-header">
        <span className="sluice-tool-name">{part.name}</span>
        <span className="sluice-tool-badge" data-state={part.state}>
          {badgeLabel(part)}
        </span>
      </div>
      {input.length > 0 ? (
        <pre className="sluice-tool-input">
          <code>{input}</code>
        </pre>
      ) : null}
      {part.state === 'output-available' && part.output !== undefined ? (
        <pre className="sluice-tool-output">
          <code>{prettyJson(part.output)}</code>
        </pre>
      ) : null}
      {part.state === 'output-error' && part.errorText !== undefined ? <p className="sluice-tool-error">{part.errorText}</p> : null}
    </div>
  );
}

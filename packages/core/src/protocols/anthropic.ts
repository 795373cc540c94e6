import type { ActionSink, FinishReason, Protocol } from '../types.js';
import { finishReasonFrom, isRecord, messageOr, parseRequiredJson, settleToolInput } from './payload.js';
import { createSseProtocol, type SseEvent } from './sse.js';

/** `message_delta.delta.stop_reason` → the normalized finish reason (unknown ones → `other`). */
const STOP_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'refusal',
  pause_turn: 'other',
};

/** One content block of the message, by its `index`. */
interface Block {
  kind: 'text' | 'reasoning' | 'tool';
  id: string;
  /** Streamed `input_json_delta` text (tool blocks). */
  inputText: string;
  /** The input the block started with, used when no delta follows. */
  startInput: unknown;
}

const TOOL_USE_BLOCKS = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use']);

function createEventHandler(sink: ActionSink): (event: SseEvent) => void {
  const blocks: Array<Block | undefined> = [];
  const toolIds = new Set<string>();
  /** Source key (URL or document) → part id, so a source cited twice is listed once. */
  const sources = new Map<string, string>();

  const addSource = (url: string | undefined, title: string | undefined, key: string) => {
    let id = sources.get(key);
    if (id === undefined) {
      id = `source-${sources.size}`;
      sources.set(key, id);
    }
    sink.start({ type: 'source', id, url, title });
  };

  const addCitation = (citation: unknown) => {
    if (!isRecord(citation)) return;
    // web_search_result_location has a URL; search_result_location its `source`; document
    // locations (char/page/content_block) name a document by index and title.
    const url =
      typeof citation.url === 'string' ? citation.url : typeof citation.source === 'string' ? citation.source : undefined;
    const titleField = citation.title ?? citation.document_title;
    const title = typeof titleField === 'string' ? titleField : undefined;
    const key = url ?? `document-${String(citation.document_index ?? title ?? sources.size)}`;
    addSource(url, title, key);
  };

  const startBlock = (index: number, block: Record<string, unknown>) => {
    const type = block.type;
    if (type === 'text') {
      const id = `text-${index}`;
      blocks[index] = { kind: 'text', id, inputText: '', startInput: undefined };
      sink.start({ type: 'text', id, text: typeof block.text === 'string' ? block.text : '' });
      if (Array.isArray(block.citations)) for (const citation of block.citations as unknown[]) addCitation(citation);
    } else if (type === 'thinking') {
      const id = `reasoning-${index}`;
      blocks[index] = { kind: 'reasoning', id, inputText: '', startInput: undefined };
      sink.start({ type: 'reasoning', id, text: typeof block.thinking === 'string' ? block.thinking : '' });
    } else if (type === 'redacted_thinking') {
      // Encrypted reasoning: it happened, but there is nothing to show.
      const id = `reasoning-${index}`;
      sink.start({ type: 'reasoning', id, text: '', state: 'done' });
    } else if (typeof type === 'string' && TOOL_USE_BLOCKS.has(type)) {
      const id = typeof block.id === 'string' ? block.id : `tool-${index}`;
      blocks[index] = { kind: 'tool', id, inputText: '', startInput: block.input };
      toolIds.add(id);
      sink.start({ type: 'tool', id, name: typeof block.name === 'string' ? block.name : '' });
    } else if (typeof type === 'string' && type.endsWith('_tool_result') && typeof block.tool_use_id === 'string') {
      finishServerTool(block.tool_use_id, block);
    } else {
      sink.ignore();
    }
  };

  /** A server tool's result block (web search, web fetch, code execution, MCP…) settles its call. */
  const finishServerTool = (toolUseId: string, block: Record<string, unknown>) => {
    const content = block.content;
    const failure =
      block.is_error === true || (isRecord(content) && typeof content.type === 'string' && content.type.endsWith('_error'));
    if (!toolIds.has(toolUseId)) {
      toolIds.add(toolUseId);
      sink.start({ type: 'tool', id: toolUseId, name: '' });
    }
    if (failure) {
      const code = isRecord(content) ? (content.error_code ?? content.message) : undefined;
      sink.replace(toolUseId, { state: 'output-error', errorText: messageOr(code, 'The server tool failed') });
      return;
    }
    sink.replace(toolUseId, { output: content, state: 'output-available' });
    if (block.type === 'web_search_tool_result' && Array.isArray(content)) {
      for (const result of content as unknown[]) {
        if (isRecord(result) && typeof result.url === 'string') {
          addSource(result.url, typeof result.title === 'string' ? result.title : undefined, result.url);
        }
      }
    }
  };

  const stopBlock = (index: number) => {
    const block = blocks[index];
    if (!block) return;
    blocks[index] = undefined;
    if (block.kind !== 'tool') {
      sink.end(block.id);
      return;
    }
    // The input arrives as JSON fragments; it is parsed once the block is complete.
    const startInput = block.startInput;
    if (block.inputText === '' && isRecord(startInput) && Object.keys(startInput).length > 0) {
      sink.replace(block.id, { inputText: JSON.stringify(startInput), input: startInput, state: 'input-available' });
    } else {
      settleToolInput(sink, block.id, block.inputText);
    }
  };

  /** A text or thinking delta for a block whose start never came opens that block itself. */
  const openImplicitly = (index: number, kind: 'text' | 'reasoning'): Block => {
    const block: Block = { kind, id: `${kind}-${index}`, inputText: '', startInput: undefined };
    blocks[index] = block;
    sink.start({ type: kind, id: block.id });
    return block;
  };

  const applyDelta = (index: number, delta: Record<string, unknown>) => {
    let block = blocks[index];
    switch (delta.type) {
      case 'text_delta':
        if (typeof delta.text !== 'string' || delta.text === '') return;
        block ??= openImplicitly(index, 'text');
        sink.append(block.id, delta.text);
        return;
      case 'thinking_delta':
        if (typeof delta.thinking !== 'string' || delta.thinking === '') return;
        block ??= openImplicitly(index, 'reasoning');
        sink.append(block.id, delta.thinking);
        return;
      case 'input_json_delta':
        if (block?.kind === 'tool' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
          block.inputText += delta.partial_json;
          sink.append(block.id, delta.partial_json);
        }
        return;
      case 'citations_delta':
        addCitation(delta.citation);
        return;
      case 'signature_delta':
        // Verifies the thinking when it is sent back; nothing to show.
        return;
      default:
        sink.ignore();
    }
  };

  return (event) => {
    if (event.event === 'ping') return;
    const payload = parseRequiredJson(event.data, 'Anthropic', sink);
    if (!isRecord(payload)) return;
    const index = typeof payload.index === 'number' ? payload.index : -1;
    switch (event.event ?? payload.type) {
      case 'content_block_delta':
        if (isRecord(payload.delta)) applyDelta(index, payload.delta);
        return;
      case 'content_block_start':
        if (isRecord(payload.content_block)) startBlock(index, payload.content_block);
        return;
      case 'content_block_stop':
        stopBlock(index);
        return;
      case 'message_start':
      case 'ping':
        // The message's id, model and usage: nothing to show.
        return;
      case 'message_delta': {
        const reason = isRecord(payload.delta) ? payload.delta.stop_reason : undefined;
        if (typeof reason === 'string') sink.finish(finishReasonFrom(STOP_REASONS, reason));
        return;
      }
      case 'message_stop':
        sink.done();
        return;
      case 'error':
        sink.error('server', messageOr(isRecord(payload.error) ? payload.error.message : undefined, 'Anthropic reported an error'));
        return;
      default:
        sink.ignore();
    }
  };
}

/**
 * Anthropic Messages streams: text blocks, `thinking` (and `redacted_thinking`) as reasoning
 * parts, `tool_use` / `server_tool_use` blocks as tool parts whose `input_json_delta` input is
 * parsed at `content_block_stop` (invalid JSON → `output-error`, never a throw), server tool
 * results as their output, citations as source parts, `stop_reason` as the finish reason,
 * `message_stop` as the terminal event and `error` events as server errors. Part ids come from
 * the block index (`text-0`, `reasoning-1`) or the tool use id. A body that ends before
 * `message_stop` is `incomplete`.
 * @example `createTokenStream({ url: '/v1/messages', init: { method: 'POST', body }, protocol: anthropic() })`
 */
export function anthropic(): Protocol {
  return createSseProtocol('anthropic', createEventHandler, true);
}

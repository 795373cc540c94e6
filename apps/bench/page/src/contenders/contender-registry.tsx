import type { ComponentType } from 'react';
import type { ContenderName } from '../bench-protocol';
import { AiChat } from './ai-chat';
import { AiCompletion } from './ai-completion';
import type { ContenderProps } from './contender-props';
import { NaiveFetch } from './naive-fetch';
import { NaiveHistory } from './naive-history';
import { ReactMarkdownWhole } from './react-markdown-whole';
import { ReadFloor } from './read-floor';
import { SluiceHook } from './sluice-hook';
import { SluiceStreamText } from './sluice-stream-text';
import { SluiceTranscript } from './sluice-transcript';
import { StreamdownAnswer } from './streamdown-answer';

/** Every contender by its query-string name. The `-history` names differ only in what the runner passes. */
export const contenders: Record<ContenderName, ComponentType<ContenderProps>> = {
  floor: ReadFloor,
  sluice: SluiceHook,
  'sluice-transcript': SluiceTranscript,
  'sluice-stream-text': SluiceStreamText,
  naive: NaiveFetch,
  'naive-history': NaiveHistory,
  'ai-completion': AiCompletion,
  'ai-completion-throttle': (props) => <AiCompletion {...props} throttle={50} />,
  'ai-completion-history': AiCompletion,
  'ai-chat': AiChat,
  'ai-chat-history': AiChat,
  streamdown: StreamdownAnswer,
  'react-markdown': ReactMarkdownWhole,
};

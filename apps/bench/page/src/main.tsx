import { Profiler } from 'react';
import { createRoot } from 'react-dom/client';
import { parseQuery } from './bench-protocol';
import { contenders } from './contenders/contender-registry';
import { expectedLengths } from './expected-lengths';
import { createHistory } from './history';
import { createInputDelayProbe } from './input-delay-probe';
import { createMarkdownAnswer } from './markdown-answer';
import { createRunSession } from './run-session';

// Everything expensive (expected text, history) happens before the runner calls start().
const parameters = parseQuery(location.search);
const corpus = parameters.markdownBytes > 0 ? createMarkdownAnswer(parameters.markdownBytes) : null;
const session = createRunSession(parameters, expectedLengths(parameters, corpus), corpus);
const history = createHistory(parameters.history);
const inputDelay = createInputDelayProbe(session.frames);
const Contender = contenders[parameters.contender];

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('#root is missing from index.html');
createRoot(rootElement).render(
  <Profiler id="bench" onRender={session.onCommit}>
    <Contender session={session} history={history} />
  </Profiler>,
);

window.__bench = {
  get ready() {
    return session.isReady();
  },
  get progress() {
    return session.progress();
  },
  start: () => session.start(),
  get result() {
    return session.result();
  },
  get inputSamples() {
    return inputDelay.samples();
  },
  get inputPaintsPending() {
    return inputDelay.pendingPaints();
  },
};

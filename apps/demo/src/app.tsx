import type { StreamSnapshot, TokenStream } from '@sluice/core';
import { markdownBlock } from '@sluice/markdown';
import { Profiler, useEffect, useMemo, useState } from 'react';
import { Chat } from './chat';
import { createCommitCounter } from './commit-counter';
import { ControlsPanel } from './controls-panel';
import { protocolFor, resumeUrl, settingsFromQuery, streamUrl } from './demo-settings';
import type { DemoSettings } from './demo-settings';
import { createHistory } from './history';
import { MetricsPanel } from './metrics-panel';
import { useMainThreadBurner } from './use-main-thread-burner';

/** Read-only access for end-to-end tests: the exact text of the latest answer. */
export interface DemoTestHandle {
  answerSnapshot(): StreamSnapshot | null;
}

declare global {
  interface Window {
    sluiceDemo?: DemoTestHandle;
  }
}

const historyLength = 10_000;

export function App() {
  const [settings, setSettings] = useState<DemoSettings>(() => settingsFromQuery(window.location.search));
  const [chatOpen, setChatOpen] = useState(true);
  // On a phone the controls and metrics are a panel behind a button; on wider screens a sidebar.
  const [panelOpen, setPanelOpen] = useState(false);
  const [answer, setAnswer] = useState<{ requestId: string; stream: TokenStream } | null>(null);
  const [commitCounter] = useState(createCommitCounter);
  const [history] = useState(() => createHistory(historyLength));

  useMainThreadBurner(settings.slowRendererMs);

  const protocol = useMemo(() => protocolFor(settings.format), [settings.format]);
  const pace = useMemo(() => (settings.pace ? { maxLagMs: settings.maxLagMs } : false), [settings.pace, settings.maxLagMs]);
  const timeouts = useMemo(() => (settings.idleTimeoutMs > 0 ? { idle: settings.idleTimeoutMs } : undefined), [settings.idleTimeoutMs]);

  useEffect(() => {
    window.sluiceDemo = { answerSnapshot: () => answer?.stream.getSnapshot() ?? null };
  }, [answer]);

  return (
    <div className="layout">
      <header className="banner">
        <div className="banner-text">
          <h1>sluice demo</h1>
          <p>
            A chat streaming from a mock model server, with {historyLength.toLocaleString('en')} earlier messages. Turn the knobs
            and watch backpressure in the metrics.
          </p>
        </div>
        <button type="button" className="panel-toggle" aria-expanded={panelOpen} aria-controls="demo-panel" onClick={() => setPanelOpen((open) => !open)}>
          {panelOpen ? 'Close controls' : 'Controls and metrics'}
        </button>
      </header>
      <main className="main">
        {chatOpen ? (
          <Profiler id="chat" onRender={commitCounter.onRender}>
            <Chat
              url={streamUrl(settings)}
              resumeUrl={resumeUrl(settings)}
              protocol={protocol}
              highWaterMark={settings.highWaterMarkKiB * 1024}
              timeouts={timeouts}
              pace={pace}
              initialMessages={history}
              onAnswerStart={setAnswer}
              renderBlock={settings.markdown ? markdownBlock : undefined}
            />
          </Profiler>
        ) : (
          <p className="chat-left">
            You left the chat; its request was cancelled. Use <strong>Rejoin chat</strong> to come back.
          </p>
        )}
      </main>
      <aside id="demo-panel" className="sidebar" aria-label="Controls and metrics" data-open={panelOpen}>
        <MetricsPanel answer={answer} commitCounter={commitCounter} />
        <ControlsPanel settings={settings} onChange={setSettings} chatOpen={chatOpen} onToggleChat={() => setChatOpen((open) => !open)} />
      </aside>
    </div>
  );
}

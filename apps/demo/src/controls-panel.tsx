import type { WireFormat } from '@sluice/mock-producer';
import type { ChangeEvent } from 'react';
import { canResume, faultModes, finishReasons, formats } from './demo-settings';
import type { DemoSettings, FaultMode, FinishReasonSetting } from './demo-settings';

export interface ControlsPanelProps {
  settings: DemoSettings;
  onChange: (settings: DemoSettings) => void;
  chatOpen: boolean;
  onToggleChat: () => void;
}

type NumericSetting = {
  [Name in keyof DemoSettings]: DemoSettings[Name] extends number ? Name : never;
}[keyof DemoSettings];

interface NumberFieldProps {
  name: NumericSetting;
  label: string;
  settings: DemoSettings;
  onChange: (settings: DemoSettings) => void;
  minimum?: number;
  step?: number;
  disabled?: boolean;
  hint?: string;
}

/** What "then resume" will do with the chosen format. */
function resumeHint(settings: DemoSettings): string | undefined {
  if (settings.fault !== 'dropAndResume') return undefined;
  return canResume(settings.format)
    ? 'The status line shows Reconnecting…, then the answer goes on from its last event id'
    : `${settings.format} carries no event ids, so the answer cannot resume`;
}

function NumberField({ name, label, settings, onChange, minimum = 0, step = 1, disabled, hint }: NumberFieldProps) {
  const id = `setting-${name}`;
  const update = (event: ChangeEvent<HTMLInputElement>) => {
    const value = event.target.valueAsNumber;
    if (Number.isFinite(value) && value >= minimum) onChange({ ...settings, [name]: value });
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={minimum} step={step} value={settings[name]} onChange={update} disabled={disabled} aria-describedby={hint === undefined ? undefined : `${id}-hint`} />
      {hint === undefined ? null : (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** The knobs of the demo: how the mock producer streams, and how slow the consumer is. */
export function ControlsPanel({ settings, onChange, chatOpen, onToggleChat }: ControlsPanelProps) {
  const unlimited = settings.rate === 0;
  const field = { settings, onChange };
  return (
    <section className="controls" aria-labelledby="controls-heading">
      <h2 id="controls-heading">Controls</h2>
      <fieldset>
        <legend>Producer</legend>
        <div className="field">
          <label htmlFor="setting-format">Wire format</label>
          <select id="setting-format" value={settings.format} onChange={(event) => onChange({ ...settings, format: event.target.value as WireFormat })}>
            {formats.map((format) => (
              <option key={format} value={format}>
                {format}
              </option>
            ))}
          </select>
        </div>
        <NumberField name="tokens" label="Tokens" {...field} />
        <div className="field field-inline">
          <input
            id="setting-unlimited"
            type="checkbox"
            checked={unlimited}
            onChange={(event) => onChange({ ...settings, rate: event.target.checked ? 0 : 200 })}
          />
          <label htmlFor="setting-unlimited">Unlimited rate</label>
        </div>
        <NumberField name="rate" label="Rate (tokens/s)" hint="0 is unlimited" {...field} />
        <NumberField name="burst" label="Burst (tokens per write)" minimum={1} {...field} />
        <NumberField name="statusEvery" label="Status every N tokens" hint="0 sends none" {...field} />
        <NumberField name="seed" label="Seed" {...field} />
      </fieldset>
      <fieldset>
        <legend>Message parts</legend>
        <NumberField name="reasoning" label="Reasoning tokens" hint="0 sends none" {...field} />
        <NumberField name="toolCalls" label="Tool calls" hint="0 sends none" {...field} />
        <div className="field field-inline">
          <input
            id="setting-toolError"
            type="checkbox"
            checked={settings.toolError}
            disabled={settings.toolCalls === 0}
            onChange={(event) => onChange({ ...settings, toolError: event.target.checked })}
          />
          <label htmlFor="setting-toolError">Tool calls fail</label>
        </div>
        <NumberField name="sources" label="Sources" hint="0 sends none" {...field} />
        <div className="field">
          <label htmlFor="setting-finishReason">Finish reason</label>
          <select
            id="setting-finishReason"
            value={settings.finishReason}
            onChange={(event) => onChange({ ...settings, finishReason: event.target.value as FinishReasonSetting })}
          >
            {finishReasons.map((reason) => (
              <option key={reason} value={reason}>
                {reason === '' ? 'format default' : reason}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <input id="setting-markdown" type="checkbox" checked={settings.markdown} onChange={(event) => onChange({ ...settings, markdown: event.target.checked })} />
          <label htmlFor="setting-markdown">Render markdown</label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Faults</legend>
        <div className="field">
          <label htmlFor="setting-fault">Fault</label>
          <select id="setting-fault" value={settings.fault} onChange={(event) => onChange({ ...settings, fault: event.target.value as FaultMode })}>
            {faultModes.map((mode) => (
              <option key={mode.value} value={mode.value}>
                {mode.label}
              </option>
            ))}
          </select>
        </div>
        <NumberField
          name="faultAfter"
          label="Fault after N tokens"
          disabled={settings.fault === 'none' || settings.fault === 'httpStatus'}
          hint={resumeHint(settings)}
          {...field}
        />
      </fieldset>
      <fieldset>
        <legend>Consumer</legend>
        <NumberField name="slowRendererMs" label="Slow renderer (ms burned per frame)" hint="0 is off" {...field} />
        <NumberField name="highWaterMarkKiB" label="High-water mark (KiB)" minimum={1} {...field} />
        <NumberField name="idleTimeoutMs" label="Idle timeout (ms)" hint="0 is none" step={100} {...field} />
        <div className="field field-inline">
          <input id="setting-pace" type="checkbox" checked={settings.pace} onChange={(event) => onChange({ ...settings, pace: event.target.checked })} />
          <label htmlFor="setting-pace">Smooth output (pace)</label>
        </div>
        <NumberField name="maxLagMs" label="Max lag (ms)" minimum={1} step={50} disabled={!settings.pace} hint="off under reduced motion" {...field} />
        <button type="button" onClick={onToggleChat}>
          {chatOpen ? 'Leave chat' : 'Rejoin chat'}
        </button>
      </fieldset>
    </section>
  );
}

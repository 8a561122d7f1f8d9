/**
 * Practice mode's Telegent (docs/fleet.md): the simulator this app starts by itself, or one
 * that stations rehearsing together share. Shown first among the practice settings, where
 * an operator wondering "which simulator is this?" looks; the banner says which is in use.
 */
import { useId, useState } from 'react';
import type { SettingsView } from '../../../preload/views';
import { api } from '../api';
import { GridForm } from '../components/GridForm';
import { useAction } from '../hooks/useAction';

export function PracticeSimulatorCard({ settings, onChanged }: { settings: SettingsView; onChanged: () => void }) {
  const id = useId();
  const [simulatorUrl, setSimulatorUrl] = useState(settings.practice.simulatorUrl);
  const action = useAction();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Practice simulator</h2>
      <p className="field-hint">
        {settings.practice.simulatorUrl ? (
          <>
            In use: the shared simulator at <span className="mono">{settings.practice.simulatorUrl}</span>.
          </>
        ) : (
          'In use: the built-in simulator, started by this app.'
        )}
      </p>
      <GridForm
        onSubmit={async () => {
          const saved = await action.run(
            'Saving the practice simulator',
            () => api.settings.savePracticeSimulator({ url: simulatorUrl }),
            (v) =>
              v.practice.simulatorUrl
                ? `Practice now talks to the shared simulator at ${v.practice.simulatorUrl}.`
                : 'Practice uses the built-in simulator again.',
          );
          if (saved) onChanged();
        }}
      >
        <div className="field field-wide">
          <label htmlFor={id}>Shared practice simulator (practice fleets)</label>
          <input
            id={id}
            className="mono"
            value={simulatorUrl}
            placeholder="empty: the built-in simulator; or http://127.0.0.1:8080"
            onChange={(e) => setSimulatorUrl(e.target.value)}
          />
          <span className="field-hint">
            Stations rehearsing together share one simulator (<span className="mono">npx simfleet simulator --port 8080</span>), reached on this computer or
            through an SSH tunnel.
          </span>
        </div>
        <div className="actions field-wide">
          <button type="submit" className="button" disabled={action.busy !== null}>
            Save practice simulator
          </button>
        </div>
      </GridForm>
      {action.feedback}
    </section>
  );
}

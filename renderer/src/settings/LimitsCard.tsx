/** The account's rate limit and the concurrency cap the batch engine uses. */
import { useId, useState } from 'react';
import type { SettingsView } from '../../../preload/contract';
import { api } from '../api';
import { GridForm } from '../components/GridForm';
import { FormMessage, type FormMessageValue } from '../components/FormMessage';

export function LimitsCard({ settings, onSaved }: { settings: SettingsView; onSaved: () => void }) {
  const rateId = useId();
  const concId = useId();
  const [rate, setRate] = useState(String(settings.rateLimitPerMinute));
  const [concurrency, setConcurrency] = useState(String(settings.concurrency));
  const [message, setMessage] = useState<FormMessageValue | null>(null);

  const save = async (): Promise<void> => {
    const result = await api.settings.saveLimits({ rateLimitPerMinute: Number(rate), concurrency: Number(concurrency) });
    setMessage(result.ok ? { kind: 'ok', text: 'Limits saved.' } : { kind: 'error', text: result.error.message });
    if (result.ok) onSaved();
  };

  return (
    <section className="card" aria-labelledby="settings-limits">
      <h2 id="settings-limits">Rate limit</h2>
      <GridForm onSubmit={save}>
        <div className="field">
          <label htmlFor={rateId}>Requests per minute</label>
          <input id={rateId} inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} />
          <p className="field-hint">Standard Telegent tier: 50. Token requests, polls and lookups count too.</p>
        </div>
        <div className="field">
          <label htmlFor={concId}>Requests at a time</label>
          <input id={concId} inputMode="numeric" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
        </div>
        <div className="actions field-wide">
          <button type="submit" className="button">
            Save limits
          </button>
        </div>
      </GridForm>
      <FormMessage message={message} />
    </section>
  );
}

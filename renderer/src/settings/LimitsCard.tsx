/** The account's rate limit and the concurrency cap the batch engine uses. */
import { useId, useState } from 'react';
import type { SettingsView } from '../../../preload/views';
import { api } from '../api';
import { GridForm } from '../components/GridForm';
import { FormMessage, type FormMessageValue } from '../components/FormMessage';

export function LimitsCard({ settings, onSaved }: { settings: SettingsView; onSaved: () => void }) {
  const rateId = useId();
  const concId = useId();
  const [rate, setRate] = useState(String(settings.rateLimitPerMinute));
  const [concurrency, setConcurrency] = useState(String(settings.concurrency));
  const [message, setMessage] = useState<FormMessageValue | null>(null);

  /** A whole number in range, or the sentence that says what to type (never a schema error). */
  const wholeNumber = (text: string, what: string, max: number): number | string => {
    const n = Number(text.trim());
    return /^\d+$/.test(text.trim()) && n >= 1 && n <= max ? n : `${what} must be a whole number from 1 to ${max.toLocaleString()}.`;
  };

  const save = async (): Promise<void> => {
    const perMinute = wholeNumber(rate, 'Requests per minute', 6000);
    const atATime = wholeNumber(concurrency, 'Requests at a time', 64);
    if (typeof perMinute === 'string' || typeof atATime === 'string') {
      setMessage({ kind: 'error', text: [perMinute, atATime].filter((v) => typeof v === 'string').join(' ') });
      return;
    }
    const result = await api.settings.saveLimits({ rateLimitPerMinute: perMinute, concurrency: atATime });
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

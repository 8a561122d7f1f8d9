/**
 * Production credentials: saved to the OS keychain, never shown again, never kept in
 * the page after saving. Also the API URL and the connection test.
 */
import { useId, useState } from 'react';
import type { CredentialStatus, SettingsView } from '../../../preload/views';
import { api } from '../api';
import { GridForm } from '../components/GridForm';
import { FormMessage, type FormMessageValue } from '../components/FormMessage';

export function CredentialsCard({ settings, credentials, onChanged }: { settings: SettingsView; credentials: CredentialStatus | null; onChanged: () => void }) {
  const keyId = useId();
  const secretId = useId();
  const urlId = useId();
  const [accountKey, setAccountKey] = useState('');
  const [accountSecret, setAccountSecret] = useState('');
  const [url, setUrl] = useState(settings.production.apiBaseUrl);
  const [message, setMessage] = useState<FormMessageValue | null>(null);
  const [testResult, setTestResult] = useState<FormMessageValue | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const save = async (): Promise<void> => {
    setBusy('save');
    const result = await api.credentials.save({ accountKey, accountSecret });
    setBusy(null);
    // The secret leaves the page as soon as it has been handed over.
    setAccountSecret('');
    if (result.ok) {
      setAccountKey('');
      setMessage({ kind: 'ok', text: `Credentials saved (${result.value.accountKeyHint ?? ''}). Now test the connection.` });
      setTestResult(null);
      onChanged();
    } else setMessage({ kind: 'error', text: result.error.message });
  };

  const clear = async (): Promise<void> => {
    setBusy('clear');
    const result = await api.credentials.clear();
    setBusy(null);
    setMessage(result.ok ? { kind: 'ok', text: 'Credentials removed.' } : { kind: 'error', text: result.error.message });
    setTestResult(null);
    onChanged();
  };

  const saveUrl = async (): Promise<void> => {
    setBusy('url');
    const result = await api.settings.saveApiBaseUrl({ url });
    setBusy(null);
    if (result.ok) {
      setUrl(result.value.production.apiBaseUrl);
      setMessage({ kind: 'ok', text: `API URL saved: ${result.value.production.apiBaseUrl}` });
      onChanged();
    } else setMessage({ kind: 'error', text: result.error.message });
  };

  const test = async (): Promise<void> => {
    setBusy('test');
    setTestResult(null);
    const result = await api.connection.test({ environment: 'production' });
    setBusy(null);
    setTestResult(
      result.ok
        ? {
            kind: 'ok',
            text:
              `Connected to ${result.value.apiBaseUrl}: ${result.value.messageRoutes} message route(s), ` +
              `${result.value.voiceRoutes} voice route(s), ${result.value.accounts} account(s).`,
          }
        : { kind: 'error', text: result.error.message },
    );
    onChanged();
  };

  const last = settings.production.connectionTest;

  return (
    <section className="card" aria-labelledby="settings-credentials">
      <h2 id="settings-credentials">Telegent account (production)</h2>
      <p className="credential-state" aria-live="polite">
        {credentials === null
          ? 'Checking the keychain…'
          : credentials.problem
            ? null
            : credentials.set
              ? `AccountKey ${credentials.accountKeyHint ?? ''} is saved ` +
                `${credentials.storage === 'keychain' ? 'in the OS keychain' : 'in memory for this session only (test host)'}; the secret is never shown.`
              : 'No credentials saved. Practice mode works without them.'}
      </p>
      {credentials?.problem && (
        <p role="alert" className="error-text">
          {credentials.problem.message}
        </p>
      )}
      <GridForm onSubmit={save}>
        <div className="field">
          <label htmlFor={keyId}>AccountKey</label>
          <input
            id={keyId}
            className="mono"
            value={accountKey}
            autoComplete="off"
            spellCheck={false}
            placeholder="DID-…"
            onChange={(e) => setAccountKey(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={secretId}>AccountSecret</label>
          <input
            id={secretId}
            className="mono"
            type="password"
            value={accountSecret}
            autoComplete="new-password"
            spellCheck={false}
            onChange={(e) => setAccountSecret(e.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy !== null || accountKey === '' || accountSecret === ''}>
            Save credentials
          </button>
          <button type="button" className="button" disabled={busy !== null || !credentials?.set} onClick={() => void clear()}>
            Clear credentials
          </button>
        </div>
      </GridForm>
      <GridForm onSubmit={saveUrl}>
        <div className="field field-wide">
          <label htmlFor={urlId}>API base URL</label>
          <input id={urlId} className="mono" value={url} spellCheck={false} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy !== null || url === settings.production.apiBaseUrl}>
            Save URL
          </button>
        </div>
      </GridForm>
      <FormMessage message={message} />
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy !== null || !credentials?.set} onClick={() => void test()}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        {last && !testResult && (
          <span className="field-hint">
            Last test {new Date(last.at).toLocaleString()}: {last.ok ? 'passed' : 'failed'}.
          </span>
        )}
      </div>
      <FormMessage message={testResult} />
    </section>
  );
}

/** Settings: read-only summary for now; editing, credentials and connection test arrive with the connection issue. */
import { api } from '../api';
import { ScreenHeader } from '../components/ScreenHeader';
import { useApi } from '../hooks/useApi';

export function SettingsScreen() {
  const settings = useApi(() => api.settings.get());
  return (
    <>
      <ScreenHeader title="Settings">How this station talks to Telegent and what every batch provisions.</ScreenHeader>
      {settings.state === 'loading' && <p role="status">Loading settings…</p>}
      {settings.state === 'error' && (
        <p role="alert" className="error-text">
          {settings.error.message}
        </p>
      )}
      {settings.state === 'ready' && (
        <>
          {settings.value.notice && (
            <p role="alert" className="notice">
              {settings.value.notice}
            </p>
          )}
          <section className="card" aria-labelledby="settings-environment">
            <h2 id="settings-environment">Environment and limits</h2>
            <dl className="facts">
              <dt>Mode</dt>
              <dd>{settings.value.environment === 'practice' ? 'Practice (simulator, nothing is bought)' : 'Production'}</dd>
              <dt>Production API</dt>
              <dd className="mono">{settings.value.productionApiBaseUrl}</dd>
              <dt>Rate limit</dt>
              <dd>{settings.value.rateLimitPerMinute} requests per minute</dd>
              <dt>Concurrency</dt>
              <dd>{settings.value.concurrency} requests at a time</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="settings-profile">
            <h2 id="settings-profile">Provisioning profile</h2>
            <dl className="facts">
              <dt>Number type</dt>
              <dd>{settings.value.profile.NumberType}</dd>
              <dt>Message type</dt>
              <dd>{settings.value.profile.MessageType}</dd>
              <dt>Product type</dt>
              <dd>{settings.value.profile.ProductType}</dd>
              <dt>Message route</dt>
              <dd className="mono">{settings.value.profile.MessageRouteId || 'not chosen yet'}</dd>
            </dl>
          </section>
        </>
      )}
    </>
  );
}

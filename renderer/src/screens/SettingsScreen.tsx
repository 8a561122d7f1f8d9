/** Settings: environment, production credentials and connection test, profile, limits, label printers, fleet. */
import { useEffect, useState } from 'react';
import { api } from '../api';
import { ScreenHeader } from '../components/ScreenHeader';
import { useApi } from '../hooks/useApi';
import { environmentStore } from '../stores';
import { CredentialsCard } from '../settings/CredentialsCard';
import { EnvironmentCard } from '../settings/EnvironmentCard';
import { FleetCard } from '../settings/FleetCard';
import { LimitsCard } from '../settings/LimitsCard';
import { PrintersCard } from '../settings/PrintersCard';
import { PracticeSimulatorCard } from '../settings/PracticeSimulatorCard';
import { ProfileCard } from '../settings/ProfileCard';

export function SettingsScreen() {
  const [version, setVersion] = useState(0);
  const refresh = (): void => setVersion((v) => v + 1);
  const settings = useApi(() => api.settings.get(), [version]);
  const credentials = useApi(() => api.credentials.status(), [version]);
  // An action here (credentials saved or tested) may change the environment's status, and not every change is pushed.
  useEffect(() => {
    if (version > 0) environmentStore.refresh();
  }, [version]);

  // A switch of environment changes what Settings shows (the credentials, the profile).
  useEffect(() => api.events.environmentChanged(() => setVersion((v) => v + 1)), []);

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
        <div className="settings-grid">
          {settings.value.notice && (
            <p role="alert" className="notice">
              {settings.value.notice}
            </p>
          )}
          <EnvironmentCard settings={settings.value} credentials={credentials.state === 'ready' ? credentials.value : null} onChanged={refresh} />
          {settings.value.environment === 'practice' && <PracticeSimulatorCard settings={settings.value} onChanged={refresh} />}
          <CredentialsCard settings={settings.value} credentials={credentials.state === 'ready' ? credentials.value : null} onChanged={refresh} />
          <ProfileCard settings={settings.value} onSaved={refresh} />
          <LimitsCard settings={settings.value} onSaved={refresh} />
          <PrintersCard settings={settings.value} onChanged={refresh} />
          <FleetCard />
        </div>
      )}
    </>
  );
}

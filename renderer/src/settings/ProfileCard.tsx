/**
 * The provisioning profile of one environment, with dropdowns filled from the
 * account's own routes, accounts and subscribers, and the API's rules checked as
 * the supervisor types.
 */
import { useEffect, useId, useState } from 'react';
import type { Environment, ProvisioningProfile } from '../../../preload/domain';
import type { AccountLists, SettingsView } from '../../../preload/views';
import { profileIssues } from '../../../preload/profile-rules';
import { api } from '../api';
import { GridForm } from '../components/GridForm';
import { FormMessage, type FormMessageValue } from '../components/FormMessage';
import { IdPicker } from '../components/IdPicker';

type Field = keyof ProvisioningProfile;

export function ProfileCard({ settings, onSaved }: { settings: SettingsView; onSaved: () => void }) {
  const [environment, setEnvironment] = useState<Environment>(settings.environment);
  const saved = settings[environment];
  const [profile, setProfile] = useState<ProvisioningProfile>(saved.profile);
  const [accountId, setAccountId] = useState(saved.accountId);
  const [lists, setLists] = useState<AccountLists | null>(null);
  const [listsError, setListsError] = useState<string | null>(null);
  const [message, setMessage] = useState<FormMessageValue | null>(null);
  const [touched, setTouched] = useState(false);
  const ids = { nt: useId(), mt: useId(), pt: useId(), area: useId(), zip: useId() };

  useEffect(() => {
    setProfile(settings[environment].profile);
    setAccountId(settings[environment].accountId);
    setMessage(null);
    setTouched(false);
    // Only when the environment tab changes: saved values replace the draft then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [environment]);

  // While the lists load, how many requests wait in the rate limiter: a running batch fills it,
  // and the operator should see why the lists take seconds, not a bare spinner.
  const [queue, setQueue] = useState<{ ahead: number; perMinute: number } | null>(null);
  const profileForId = useId();
  const loading = lists === null && listsError === null;
  useEffect(() => {
    if (!loading) return;
    const poll = (): void => void api.connection.queue({ environment }).then((r) => r.ok && setQueue(r.value));
    poll();
    const timer = setInterval(poll, 1000);
    return () => clearInterval(timer);
  }, [loading, environment]);

  useEffect(() => {
    let live = true;
    setLists(null);
    setListsError(null);
    void api.connection.lists({ environment, accountId }).then((result) => {
      if (!live) return;
      if (result.ok) setLists(result.value);
      else setListsError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [environment, accountId]);

  const issues = profileIssues(profile);
  const issueFor = (field: Field): string | undefined => (touched ? issues.find((i) => i.field === field)?.message : undefined);
  const set = <K extends Field>(field: K, value: ProvisioningProfile[K]): void => {
    setProfile((p) => ({ ...p, [field]: value }));
    setTouched(true);
    setMessage(null);
  };
  const failed = listsError ? ({ ok: false, error: { code: 'lists_failed', message: listsError } } as const) : null;

  const save = async (): Promise<void> => {
    setTouched(true);
    const result = await api.settings.saveProfile({ environment, accountId, profile });
    if (result.ok) {
      setMessage({ kind: 'ok', text: `${environment === 'practice' ? 'Practice' : 'Production'} profile saved.` });
      onSaved();
    } else setMessage({ kind: 'error', text: result.error.message });
  };

  return (
    <section className="card" aria-labelledby="settings-profile">
      <h2 id="settings-profile">Provisioning profile</h2>
      {/* A plain choice of which profile to edit: it must not look like the environment switch, which changes what is bought. */}
      <div className="field inline-field">
        <label htmlFor={profileForId}>Edit the profile used in</label>
        <select id={profileForId} value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
          <option value="practice">Practice</option>
          <option value="production">Production</option>
        </select>
      </div>
      {lists === null && !listsError && (
        <p role="status" className="field-hint">
          Loading routes, accounts and subscribers from Telegent…
          {queue && queue.ahead > 0 ? ` ${queueText(queue)}` : ''}
        </p>
      )}
      <GridForm onSubmit={save}>
        <IdPicker
          label="Account (AID)"
          optional
          value={accountId}
          onChange={(v) => {
            setAccountId(v);
            setTouched(true);
          }}
          list={lists?.accounts ?? failed}
          placeholder="AID-…"
        />
        <div className="field">
          <label htmlFor={ids.nt}>Number type</label>
          <select id={ids.nt} value={profile.NumberType} onChange={(e) => set('NumberType', e.target.value as ProvisioningProfile['NumberType'])}>
            <option value="mvno">mvno (mobile)</option>
            <option value="iot">iot</option>
          </select>
        </div>
        <div className={`field${issueFor('MessageType') ? ' field-invalid' : ''}`}>
          <label htmlFor={ids.mt}>Message type</label>
          <select
            id={ids.mt}
            value={profile.MessageType}
            aria-invalid={issueFor('MessageType') ? true : undefined}
            aria-describedby={issueFor('MessageType') ? `${ids.mt}-e` : undefined}
            onChange={(e) => set('MessageType', e.target.value as ProvisioningProfile['MessageType'])}
          >
            <option value="p2p">p2p (person to person)</option>
            <option value="a2p">a2p (application to person)</option>
          </select>
          {issueFor('MessageType') && (
            <p id={`${ids.mt}-e`} className="field-error">
              {issueFor('MessageType')}
            </p>
          )}
        </div>
        <div className={`field${issueFor('ProductType') ? ' field-invalid' : ''}`}>
          <label htmlFor={ids.pt}>Product type</label>
          <select
            id={ids.pt}
            value={profile.ProductType}
            aria-invalid={issueFor('ProductType') ? true : undefined}
            aria-describedby={issueFor('ProductType') ? `${ids.pt}-e` : undefined}
            onChange={(e) => set('ProductType', e.target.value as ProvisioningProfile['ProductType'])}
          >
            <option value="Sms-Only">Sms-Only</option>
            <option value="Data-Only">Data-Only</option>
            <option value="Sms+Data">Sms+Data</option>
            <option value="Sms+Data+Voice">Sms+Data+Voice</option>
          </select>
          {issueFor('ProductType') && (
            <p id={`${ids.pt}-e`} className="field-error">
              {issueFor('ProductType')}
            </p>
          )}
        </div>
        <fieldset className="field field-wide switches">
          <legend>Capabilities</legend>
          <label>
            <input type="checkbox" checked={profile.MessageEnabled} onChange={(e) => set('MessageEnabled', e.target.checked)} /> SMS / MMS
          </label>
          <label>
            <input type="checkbox" checked={profile.DataEnabled} onChange={(e) => set('DataEnabled', e.target.checked)} /> Data
          </label>
          <label>
            <input type="checkbox" checked={profile.VoiceEnabled} onChange={(e) => set('VoiceEnabled', e.target.checked)} /> Voice
          </label>
        </fieldset>
        <IdPicker
          label="Message route (MRID)"
          value={profile.MessageRouteId}
          onChange={(v) => set('MessageRouteId', v)}
          list={lists?.messageRoutes ?? failed}
          error={issueFor('MessageRouteId')}
          placeholder="MRID-…"
        />
        <IdPicker
          label="Voice route (CRID)"
          optional={!profile.VoiceEnabled}
          value={profile.VoiceRouteId}
          onChange={(v) => set('VoiceRouteId', v)}
          list={lists?.voiceRoutes ?? failed}
          error={issueFor('VoiceRouteId')}
          disabled={!profile.VoiceEnabled}
          placeholder="CRID-…"
        />
        <IdPicker
          label="Assign to subscriber (TSUID)"
          optional
          value={profile.AssignedSubscriberId}
          onChange={(v) => set('AssignedSubscriberId', v)}
          list={lists?.subscribers ?? failed}
          placeholder="TSUID-…"
        />
        <div className={`field${issueFor('AreaCode') ? ' field-invalid' : ''}`}>
          <label htmlFor={ids.area}>
            Area code <span className="optional">(optional)</span>
          </label>
          <input
            id={ids.area}
            inputMode="numeric"
            value={profile.AreaCode}
            placeholder="801"
            aria-invalid={issueFor('AreaCode') ? true : undefined}
            aria-describedby={issueFor('AreaCode') ? `${ids.area}-e` : undefined}
            onChange={(e) => set('AreaCode', e.target.value.trim())}
          />
          {issueFor('AreaCode') && (
            <p id={`${ids.area}-e`} className="field-error">
              {issueFor('AreaCode')}
            </p>
          )}
        </div>
        <div className={`field${issueFor('ZipCode') ? ' field-invalid' : ''}`}>
          <label htmlFor={ids.zip}>
            ZIP code <span className="optional">(optional)</span>
          </label>
          <input
            id={ids.zip}
            inputMode="numeric"
            value={profile.ZipCode}
            placeholder="84043"
            aria-invalid={issueFor('ZipCode') ? true : undefined}
            aria-describedby={issueFor('ZipCode') ? `${ids.zip}-e` : undefined}
            onChange={(e) => set('ZipCode', e.target.value.trim())}
          />
          {issueFor('ZipCode') && (
            <p id={`${ids.zip}-e`} className="field-error">
              {issueFor('ZipCode')}
            </p>
          )}
        </div>
        <div className="actions field-wide">
          <button type="submit" className="button button-primary">
            Save {environment} profile
          </button>
        </div>
      </GridForm>
      <FormMessage message={message} />
    </section>
  );
}

/** Why the lists take a while: the account's requests are shared with any running batch (docs/telegent-facts.md). */
function queueText(queue: { ahead: number; perMinute: number }): string {
  const seconds = Math.max(1, Math.ceil((queue.ahead / Math.max(1, queue.perMinute)) * 60));
  return (
    `Waiting for a free request slot: ${queue.ahead.toLocaleString()} request(s) in the queue, shared with any running batch ` +
    `(about ${seconds.toLocaleString()} s at ${Math.round(queue.perMinute).toLocaleString()} per minute).`
  );
}

/** Bottom bar: environment, connection state (red while a batch has paused itself), data folder, version. */
import type { ConnectionState, EnvironmentStatus } from '../../../preload/views';

const CONNECTION_TEXT: Readonly<Record<ConnectionState, string>> = {
  'simulator-running': 'Practice simulator running',
  'simulator-stopped': 'Practice simulator stopped',
  'not-configured': 'No Telegent credentials saved',
  'not-tested': 'Connection not tested yet',
  'test-failed': 'Connection test failed',
  connected: 'Connected to Telegent',
  unreachable: 'Telegent unreachable',
};

export function StatusBar({ status, trouble = null, version }: { status: EnvironmentStatus | null; trouble?: string | null; version: string | null }) {
  return (
    <footer className="status-bar">
      <span className="status-item">
        Environment: <strong>{status ? (status.environment === 'practice' ? 'Practice' : 'Production') : '…'}</strong>
      </span>
      <span className={`status-item${trouble ? ' status-trouble' : ''}`} role="group" aria-label="Connection" title={trouble ?? undefined}>
        {/* A batch that paused itself (Telegent or the simulator not answering, refused credentials) turns it red. */}
        <span className={`dot dot-${trouble ? 'unreachable' : (status?.connection ?? 'unknown')}`} aria-hidden="true" />
        {trouble ?? (status ? `${CONNECTION_TEXT[status.connection]} · ${status.apiBaseUrl}` : 'Connecting…')}
      </span>
      <span className="status-item status-path" title={status?.dataDir}>
        {/* In a browser (npm start without the desktop window): say whose data this page works on. */}
        {window.simfleet ? 'Data: ' : 'Local browser session of '}
        {status?.dataDir ?? '…'}
      </span>
      <span className="status-item">SimFleet {version ?? ''}</span>
    </footer>
  );
}

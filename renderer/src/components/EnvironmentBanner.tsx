/** The always-visible environment strip: words and colour, never colour alone. */
import type { EnvironmentStatus } from '../../../preload/views';

export function EnvironmentBanner({ status, error }: { status: EnvironmentStatus | null; error: string | null }) {
  if (error) {
    return (
      <div className="env-banner env-banner-error" role="alert">
        <strong>SimFleet services are not available.</strong> {error}
      </div>
    );
  }
  if (!status) {
    return (
      <div className="env-banner env-banner-loading" role="status">
        Checking environment…
      </div>
    );
  }
  if (status.environment === 'practice') {
    return (
      <div className="env-banner env-banner-practice" role="region" aria-label="Current environment">
        <strong className="env-word">PRACTICE MODE</strong>
        <span>
          Nothing is bought: {status.simulator === 'shared' ? `the shared simulator at ${status.apiBaseUrl}` : 'the built-in simulator'} plays Telegent. Labels
          and exports are marked PRACTICE.
        </span>
      </div>
    );
  }
  return (
    <div className="env-banner env-banner-production" role="region" aria-label="Current environment">
      <strong className="env-word">PRODUCTION</strong>
      <span>Every activation buys a real Telegent number.</span>
    </div>
  );
}

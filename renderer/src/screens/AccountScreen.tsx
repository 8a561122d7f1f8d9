/** Account: after the sale (docs/audit.md): the audit of Telegent's inventory, and a number moved to a replacement card. */
import { AuditCard } from '../account/AuditCard';
import { ReplacementCard } from '../account/ReplacementCard';
import { ScreenHeader } from '../components/ScreenHeader';
import { useEnvironment } from '../stores';

export function AccountScreen({ auditNow, onPrintLabel }: { auditNow: number; onPrintLabel: (batchId: string, line: number) => void }) {
  const status = useEnvironment();
  const environment = status.state === 'ready' ? status.value.environment : 'current';
  return (
    <>
      <ScreenHeader title="Account">
        After the sale: move a number to a new card, and check Telegent&apos;s inventory against what SimFleet bought.
      </ScreenHeader>
      <div className="account-grid">
        {/* The replacement is the daily task at the bench; the audit an occasional one. */}
        <ReplacementCard environment={environment} onPrintLabel={onPrintLabel} />
        <AuditCard environment={environment} auditNow={auditNow} />
      </div>
    </>
  );
}

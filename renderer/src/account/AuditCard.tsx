/**
 * The account audit on screen (docs/audit.md, "The Account screen"): when the account was
 * last audited and by which station, a button that audits it now with its progress, the
 * findings with what to do, and the two changes an operator may make from a finding:
 * release an extra number, adopt an unrecorded purchase. Each asks once, saying it is
 * permanent; nothing else here asks.
 */
import { useEffect, useRef, useState } from 'react';
import { groupIccid } from '../../../preload/iccid-format';
import type { AuditFindingView, AuditView } from '../../../preload/views';
import { api } from '../api';
import { formatDuration } from '../batches/format';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Tile } from '../components/Tile';
import { useAction } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';

const KIND_LABEL: Readonly<Record<AuditFindingView['kind'], string>> = {
  double: 'Bought twice',
  unrecorded: 'Not recorded',
  gone: 'Recorded, gone',
};

/** A change the operator picked, waiting for the confirmation. */
type Pending = { readonly kind: 'release' | 'adopt'; readonly number: string; readonly iccid: string | null };

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `auditNow` changes when the operator took the offer to audit after a batch: the audit starts once for it. */
export function AuditCard({ environment, auditNow }: { environment: string; auditNow: number }) {
  const action = useAction();
  const [version, setVersion] = useState(0);
  const saved = useApi(() => api.account.lastAudit(), [version]);
  const [audit, setAudit] = useState<AuditView | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const shown = audit ?? (saved.state === 'ready' ? saved.value : null);

  // The inventory is read page by page: say how far, as it goes.
  useEffect(
    () =>
      api.events.auditProgress(({ numbers, total, secondsLeft }) => {
        const left = secondsLeft ? `, about ${formatDuration(secondsLeft)} left` : '';
        action.report(`Reading Telegent's inventory: ${numbers.toLocaleString()}${total !== null ? ` of ${total.toLocaleString()}` : ''} numbers${left}…`);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- report is stable
    [],
  );

  useEffect(() => {
    if (pending) dialog.current?.showModal();
  }, [pending]);

  const runAudit = (): void => {
    void action
      .run(
        'Auditing the account',
        () => api.account.audit(),
        (r) => `Audit finished: ${r.findings.length} finding(s).`,
      )
      .then((r) => r && setAudit(r));
  };
  const started = useRef(0);
  useEffect(() => {
    if (auditNow > started.current) {
      started.current = auditNow;
      runAudit();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per offer taken
  }, [auditNow]);

  const count = (kind: AuditFindingView['kind']): number => shown?.findings.filter((f) => f.kind === kind).length ?? 0;
  const change = async (p: Pending): Promise<void> => {
    const call = () =>
      p.kind === 'release' ? api.account.release({ number: p.number, confirmed: true }) : api.account.adopt({ number: p.number, confirmed: true });
    const done = await action.run(
      p.kind === 'release' ? `Releasing ${p.number}` : `Adopting ${p.number}`,
      call,
      (r) => `${r.message} Audit again to see the account now.`,
    );
    if (done) setVersion((v) => v + 1);
  };

  return (
    <section className="card audit-card" aria-labelledby="account-audit">
      <h2 id="account-audit">Account audit</h2>
      <p className="field-hint">
        Compares every number on the {environment} account with what SimFleet bought: SIMs bought twice, purchases nobody recorded, and recorded numbers that
        are gone. It only reads, and takes its turn with running batches within the rate limit.
      </p>
      <p role="status" className="audit-last">
        {shown
          ? `Last audited ${when(shown.at)} by ${shown.station}: ${shown.numbersOnAccount.toLocaleString()} numbers, ${shown.findings.length} finding(s).`
          : saved.state === 'loading'
            ? 'Loading the last audit…'
            : 'This account has not been audited from here yet.'}
      </p>
      <div className="actions">
        <button type="button" className="button" disabled={action.busy !== null} onClick={runAudit}>
          Audit the account
        </button>
      </div>
      {action.feedback}
      {shown && (
        <>
          <dl className="tiles" aria-label="Audit summary">
            <Tile label="Numbers on the account">{shown.numbersOnAccount.toLocaleString()}</Tile>
            <Tile label="Bought twice" tone={count('double') > 0 ? 'error' : 'ok'}>
              {count('double')}
            </Tile>
            <Tile label="Not recorded" tone={count('unrecorded') > 0 ? 'warn' : 'ok'}>
              {count('unrecorded')}
            </Tile>
            <Tile label="Recorded, gone" tone={count('gone') > 0 ? 'warn' : 'ok'}>
              {count('gone')}
            </Tile>
            <Tile label="Not SimFleet's">{shown.notOurs.toLocaleString()}</Tile>
          </dl>
          {shown.unreadableBatches.length > 0 && (
            <p role="alert" className="error-box">
              {shown.unreadableBatches.length} batch(es) cannot be read (see Batches), so their SIMs were not compared: {shown.unreadableBatches.join(', ')}.
            </p>
          )}
          {shown.findings.length === 0 ? (
            <p className="ok-text">Nothing to do: every live number of SimFleet&apos;s SIMs is recorded once, and every recorded number is live.</p>
          ) : (
            <table className="history-table audit-findings">
              <caption className="visually-hidden">Findings of the audit</caption>
              <thead>
                <tr>
                  <th scope="col">Finding</th>
                  <th scope="col">SIM</th>
                  <th scope="col">What to do</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {shown.findings.map((f, i) => (
                  <tr key={`${f.kind}|${f.iccid ?? ''}|${i}`}>
                    <td>{KIND_LABEL[f.kind]}</td>
                    <td className="mono">{f.iccid ? groupIccid(f.iccid) : '—'}</td>
                    <td>{f.text}</td>
                    <td className="audit-changes">
                      {f.release.map((n) => (
                        <button
                          key={n}
                          type="button"
                          className="button"
                          disabled={action.busy !== null}
                          onClick={() => setPending({ kind: 'release', number: n, iccid: f.iccid })}
                        >
                          Release {n}…
                        </button>
                      ))}
                      {f.adopt && (
                        <button
                          type="button"
                          className="button"
                          disabled={action.busy !== null}
                          onClick={() => setPending({ kind: 'adopt', number: f.adopt!, iccid: f.iccid })}
                        >
                          Adopt {f.adopt}…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <ConfirmDialog
        dialogRef={dialog}
        title={pending?.kind === 'release' ? `Release ${pending.number}?` : `Adopt ${pending?.number ?? ''}?`}
        keepLabel={pending?.kind === 'release' ? 'Keep the number' : 'Do not adopt'}
        confirmLabel={pending?.kind === 'release' ? 'Release for good' : 'Adopt it'}
        onConfirm={() => pending && void change(pending)}
        onClose={() => setPending(null)}
      >
        {pending?.kind === 'release' ? (
          <p>
            Telegent cancels {pending.number} on the {environment} account. This is permanent: SimFleet cannot give the number back. The number on the
            SIM&apos;s label is never released from here.
          </p>
        ) : (
          <p>
            {pending?.number} is recorded as bought for SIM {pending?.iccid ?? '(unknown)'}, in the purchase log and its batch&apos;s mapping, with a note that
            the audit adopted it. Its label can then be printed.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

/**
 * What a batch did while the operator was elsewhere, said on every screen (docs/batches.md,
 * "Heard anywhere"): a batch that paused itself, ended needing attention, or finished. Each
 * is an alert with a sound, reachable by keyboard (Alt+N, for news, moves to it; Esc dismisses),
 * and a desktop notification when the window is not in front.
 */
import { useEffect, useRef, useState } from 'react';
import { playAlertSound, playBatchDoneSound } from '../import/feedback';
import { notifyDesktop } from '../notify';
import { standing, type BatchNews, type BatchStore } from '../stores/batch-store';

const TITLE: Readonly<Record<BatchNews['kind'], string>> = {
  paused: 'Batch paused itself',
  attention: 'Batch needs attention',
  finished: 'Batch finished',
};

function text(news: BatchNews): string {
  const s = news.summary;
  const provisioned = (s.counts['provisioned'] ?? 0).toLocaleString();
  const total = s.total.toLocaleString();
  if (news.kind === 'paused') return `"${s.name}" paused at ${provisioned} of ${total}: ${s.message ?? ''}`;
  if (news.kind === 'attention') {
    const failed = s.counts['failed'] ?? 0;
    const uncertain = s.counts['uncertain'] ?? 0;
    const flagged = s.flagged > 0 ? `, ${s.flagged} with a number Telegent also gave another SIM` : '';
    const rest = `${failed} failed and ${uncertain} uncertain`;
    return `"${s.name}" ended with ${provisioned} of ${total} provisioned${flagged}, ${rest}: open it to retry or check them.`;
  }
  return `"${s.name}": all ${total} SIM(s) provisioned. Print the labels next.`;
}

/** An ended batch that lost an answer on the way: the audit is offered (docs/audit.md, "When to audit"). */
const offersAudit = (news: BatchNews): boolean => news.kind !== 'paused' && news.summary.auditAdvised;

const AUDIT_ADVICE = 'Some answers were lost on the way: audit the account to be sure no SIM was bought twice.';

export function BatchAlerts({ store, onOpen, onAudit }: { store: BatchStore; onOpen: (id: string) => void; onAudit: () => void }) {
  // One alert per batch: its newest news replaces the older.
  const [alerts, setAlerts] = useState<readonly BatchNews[]>([]);
  const openButton = useRef<HTMLButtonElement>(null);

  useEffect(
    () =>
      store.onNews((news) => {
        setAlerts((list) => [news, ...list.filter((a) => a.summary.id !== news.summary.id)]);
        if (news.kind === 'finished') playBatchDoneSound();
        else playAlertSound();
        notifyDesktop(TITLE[news.kind], offersAudit(news) ? `${text(news)} ${AUDIT_ADVICE}` : text(news));
      }),
    [store],
  );

  // Closing the alert unmounts the focused button: the focus goes to the screen's title, not the page.
  const dismiss = (id: string): void => {
    setAlerts((list) => list.filter((a) => a.summary.id !== id));
    document.getElementById('screen-title')?.focus();
  };
  // News the batch has got over is no longer news: a pause it resumed from (by the operator or
  // by itself), failures being retried. Its next news (a finish) comes as its own alert.
  useEffect(
    () =>
      store.subscribe(() => {
        const now = store.snapshot();
        setAlerts((list) => {
          const kept = list.filter((a) => a.kind === 'finished' || now.some((b) => b.id === a.summary.id && standing(b) === a.kind));
          return kept.length === list.length ? list : kept;
        });
      }),
    [store],
  );
  const top = alerts[0];

  // Alt+N reaches the newest alert from any screen.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN' && openButton.current) {
        event.preventDefault();
        openButton.current.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!top) return null;
  return (
    <div
      className={`batch-alert batch-alert-${top.kind}`}
      role="alert"
      aria-labelledby="batch-alert-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') dismiss(top.summary.id);
      }}
    >
      <strong id="batch-alert-title">{TITLE[top.kind]}</strong>
      <span>
        {text(top)}
        {offersAudit(top) ? ` ${AUDIT_ADVICE}` : ''}
      </span>
      <span className="actions">
        <button
          ref={openButton}
          type="button"
          className="button"
          aria-keyshortcuts="Alt+N"
          onClick={() => {
            dismiss(top.summary.id);
            onOpen(top.summary.id);
          }}
        >
          Open the batch <kbd>Alt+N</kbd>
        </button>
        {offersAudit(top) && (
          <button
            type="button"
            className="button"
            onClick={() => {
              dismiss(top.summary.id);
              onAudit();
            }}
          >
            Audit the account
          </button>
        )}
        <button type="button" className="button" onClick={() => dismiss(top.summary.id)}>
          Dismiss{alerts.length > 1 ? ` (${alerts.length - 1} more)` : ''}
        </button>
      </span>
    </div>
  );
}

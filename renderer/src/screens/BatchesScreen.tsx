/** Batches: the running batch and the history. Arrives with the batch-engine issue. */
import { ScreenHeader } from '../components/ScreenHeader';

export function BatchesScreen() {
  return (
    <>
      <ScreenHeader title="Batches">Provision numbers for an imported list, watch progress, retry failures.</ScreenHeader>
      <section className="placeholder" aria-label="Batch history">
        <h2>No batches yet</h2>
        <p>Import a list of SIMs first; its batch will appear here.</p>
      </section>
    </>
  );
}

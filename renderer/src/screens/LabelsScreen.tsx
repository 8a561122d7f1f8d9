/** Labels: print and export. Arrives with the labels issue. */
import { ScreenHeader } from '../components/ScreenHeader';

export function LabelsScreen() {
  return (
    <>
      <ScreenHeader title="Labels and exports">Print a QR label per SIM and hand the customer the mapping file.</ScreenHeader>
      <section className="placeholder" aria-label="Labels">
        <h2>Nothing to print yet</h2>
        <p>Labels become available once a batch has provisioned numbers.</p>
      </section>
    </>
  );
}

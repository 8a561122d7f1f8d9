/** Import: where the operator loads ICCIDs. The loaders arrive with the import issue. */
import { ScreenHeader } from '../components/ScreenHeader';

export function ImportScreen() {
  return (
    <>
      <ScreenHeader title="Import SIMs">Load the ICCIDs of a shipment, check them, then start a batch.</ScreenHeader>
      <section className="placeholder" aria-label="Import sources">
        <h2>Coming next</h2>
        <ul>
          <li>Open or drop a CSV, TSV, TXT or Excel file</li>
          <li>Paste a list of ICCIDs</li>
          <li>Scan mode for a barcode scanner</li>
        </ul>
      </section>
    </>
  );
}

/** One QR image per SIM, named by ICCID (PRACTICE- first for practice SIMs), in a ZIP, for customers who print their own labels. */
import { zipSync } from 'fflate';
import QRCode from 'qrcode';
import { qrText, type LabelData, type QrContent } from './content';
import { QR_QUIET_ZONE } from './print-geometry';
import { qrEncoding } from './symbols';

export async function qrImagesZip(data: readonly LabelData[], options: { format: 'png' | 'svg'; qr: QrContent; practice: boolean }): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const d of data) {
    // Encoded as on the labels (version and error correction from the one rule), quiet zone included.
    const { segments, version, errorCorrection } = qrEncoding(qrText(d, options.qr));
    const how = { margin: QR_QUIET_ZONE, errorCorrectionLevel: errorCorrection, version };
    files[`${options.practice ? 'PRACTICE-' : ''}${d.iccid}.${options.format}`] =
      options.format === 'png'
        ? new Uint8Array(await QRCode.toBuffer(segments, { ...how, type: 'png', scale: 8 }))
        : new TextEncoder().encode(await QRCode.toString(segments, { ...how, type: 'svg' }));
  }
  return zipSync(files, { level: 6 });
}

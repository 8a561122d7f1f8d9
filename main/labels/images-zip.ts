/** One QR image per SIM, named by ICCID, in a ZIP, for customers who print their own labels. */
import { zipSync } from 'fflate';
import QRCode from 'qrcode';
import { QR_QUIET_ZONE, qrText, type LabelData, type QrContent } from './content';

export async function qrImagesZip(data: readonly LabelData[], options: { format: 'png' | 'svg'; qr: QrContent }): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const d of data) {
    const text = qrText(d, options.qr);
    files[`${d.iccid}.${options.format}`] =
      options.format === 'png'
        ? new Uint8Array(await QRCode.toBuffer(text, { type: 'png', margin: QR_QUIET_ZONE, scale: 8, errorCorrectionLevel: 'M' }))
        : new TextEncoder().encode(await QRCode.toString(text, { type: 'svg', margin: QR_QUIET_ZONE, errorCorrectionLevel: 'M' }));
  }
  return zipSync(files, { level: 6 });
}

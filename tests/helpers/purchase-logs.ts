/**
 * Purchase logs for engine tests, closed after each test: a log keeps its file open for
 * appending (group commit), and a handle left to the garbage collector is a leak Node warns about.
 */
import { afterEach } from 'vitest';
import { PurchaseLog } from '../../main/purchases/purchase-log';

const open: PurchaseLog[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((log) => log.close()));
});

export function purchaseLog(dir: string): PurchaseLog {
  const log = new PurchaseLog(dir);
  open.push(log);
  return log;
}

/**
 * Simulator overhead: provision round-trips through the simulator (validation, token
 * check, purchase, ledger) against the same requests to a bare Node JSON echo server,
 * both over loopback in this run. Tells whether the simulator can be the bottleneck
 * of an engine benchmark.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../main/simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../main/simulator/state';

const N = 4000;
const CONCURRENCY = 16;
const MRID = 'MRID-73af1e73-d7b3-4696-bdd9-5b407c96fc8a';

async function drive(url: string, token: string): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            NumberType: 'mvno',
            MessageType: 'p2p',
            MessageEnabled: true,
            VoiceEnabled: false,
            ProductType: 'Sms+Data',
            MessageRouteId: MRID,
            ICCID: `89012600${String(i).padStart(11, '0')}`,
          }),
        });
        await res.text();
      }
    }),
  );
  return (N / (performance.now() - start)) * 1000;
}

export async function benchSimulator(): Promise<void> {
  const echo = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`;

  const sim = await startSimulator({ rateLimitPerMinute: 0 });
  const mint = await fetch(`${sim.url}/v1.0/oauth2/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ AccountKey: PRACTICE_ACCOUNT_KEY, AccountSecret: PRACTICE_ACCOUNT_SECRET, ApiEndpoint: `${sim.url}/v1.0/numbers/provision` }),
  }).then((r) => r.json() as Promise<{ token: string }>);

  await drive(echoUrl, 'x'); // warm-up
  const echoRate = await drive(echoUrl, 'x');
  const simRate = await drive(`${sim.url}/v1.0/numbers/provision`, mint.token);
  const bought = sim.ledger().length;
  await sim.close();
  echo.close();

  console.log('simulator: provision round-trips vs bare JSON echo, loopback, concurrency 16');
  console.log(`  echo server        ${echoRate.toFixed(0)} req/s`);
  console.log(`  simulator provision ${simRate.toFixed(0)} req/s (${bought} numbers bought)`);
  console.log(`  ratio simulator/echo = ${(simRate / echoRate).toFixed(2)}`);
}

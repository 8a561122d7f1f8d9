/**
 * Runs the real transport (its module-level keep-alive agents) in a process of its own, so
 * the test can give it a CA with NODE_EXTRA_CA_CERTS: three requests to the URL in argv, one
 * after the other (the first on a new TLS connection, the others on the kept-alive one),
 * printed as JSON.
 */
import { httpTransport } from '../../main/telegent/transport';

const url = process.argv[2]!;
const results: Array<{ status: number; text: string } | { failure: string }> = [];
for (let i = 0; i < 3; i++) {
  try {
    const res = await httpTransport({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: `{"n":${i}}`, timeoutMs: 5_000 });
    results.push({ status: res.status, text: res.text });
  } catch (error) {
    results.push({ failure: (error as Error).message });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);

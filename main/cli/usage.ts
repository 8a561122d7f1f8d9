/**
 * Every command's synopsis, one home: `simfleet COMMAND --help` prints it, and docs/cli.md
 * holds each one word for word (tests/integration/cli-grammar.test.ts checks both).
 */

export const CHECK_USAGE = `Usage: simfleet check FILE [--json] [--data-dir DIR] [--column NAME|NUMBER] [--sheet NAME]

  --json                    every answer as JSON on stdout, refusals included
  --data-dir DIR            SimFleet data folder, for SIMs already provisioned (default: the app's)
  --column NAME|NUMBER      the column that holds the ICCIDs (default: found by header and content)
  --sheet NAME              the sheet of a workbook (default: the first with data)

Exit codes (docs/cli.md): 0 importable, no errors; 1 errors, or nothing importable;
2 refused (usage, unreadable file); 4 internal failure; 5 every SIM already provisioned.`;

export const PROVISION_USAGE = `Usage: simfleet provision FILE --out MAPPING.csv [options]
       simfleet provision --resume BATCH_ID --out MAPPING.csv [options]

  --api-base URL            Telegent base URL (https; http only on loopback)
  --number-type mvno|iot    --message-type p2p|a2p
  --product-type Sms-Only|Data-Only|Sms+Data|Sms+Data+Voice
  --message-route-id MRID   --voice-route-id CRID
  --account-id AID          --subscriber-id TSUID
  --area-code NPA           --zip-code ZIP
  --message-enabled true|false  --voice-enabled true|false  --data-enabled true|false
  --rate PER_MIN            --concurrency N
  --name NAME               batch name (default: file name and time)
  --data-dir DIR            SimFleet data folder (default: the app's)
  --resume BATCH_ID         finish an interrupted batch
  --wait                    if another process runs the batch, wait for it instead of exiting 2
  --column NAME|NUMBER      the column that holds the ICCIDs (default: found by header and content)
  --sheet NAME              the sheet of a workbook (default: the first with data)
  --fleet URL               work as a fleet station: claims, ledger and rate budget in this
                            PostgreSQL database (postgres://USER@HOST/DB, no password in it;
                            docs/fleet.md)
  --fleet-password-file F   the fleet database password, read from file F (else PGPASSWORD,
                            else the one saved in the app for that database)
  --station NAME            this station's name in the fleet (default: the host name)

Unset options come from the saved settings. The CLI works in the environment the app
is in: practice talks only to a simulator (the built-in one, or --api-base
http://127.0.0.1:PORT for a standalone one); production sends only to the URL saved and
tested in Settings. Production credentials: TELEGENT_ACCOUNT_KEY and
TELEGENT_ACCOUNT_SECRET (until they passed a test at that URL, name it with --api-base:
they are tested there before the first send), else the OS keychain. In practice mode
they are not used.
  --retry-failed            with --resume: send the failed rows again (they bought nothing) and
                            look the uncertain ones up again, then finish the batch

Exit codes (docs/cli.md): 0 all provisioned; 1 the list has errors and nothing was sent;
2 bad usage or refused before anything was sent; 3 finished with rows that need attention
(failed, uncertain, refused by the check, flagged); 4 internal failure; 5 nothing to do
(every SIM already provisioned).`;

export const LABELS_USAGE = `Usage: simfleet labels MAPPING.csv --format html|pdf|zpl|png-zip|svg-zip --out FILE [options]
       simfleet labels MAPPING.csv --format zpl --dpi 203|300|600 --send tcp://HOST[:PORT] [options]
       simfleet labels MAPPING.csv --format pdf --send cups:QUEUE [options]

  --stock ID                avery-5160 (default), avery-l7160, avery-5163 (sheets);
                            thermal-2x1, thermal-4x6 (rolls: the only stocks for ZPL);
                            or a custom stock saved in the app's Labels screen
  --qr iccid|number|compact|lpa   what the QR code holds (default compact: ICCID|number|NID)
  --dpi 203|300|600         the printer's resolution (needed for ZPL)
  --barcode                 add a Code 128 of the ICCID where the stock has room
  --lines 2-10,15           only these lines of the mapping file
  --environment practice|production   for a mapping without an Environment column
  --data-dir DIR            SimFleet data folder, for its custom stocks (default: the app's)

Exit codes (docs/cli.md): 0 written or sent; 2 bad usage or input, nothing written;
3 sent, but some labels may not have printed (the command to reprint them is printed);
4 internal failure.`;

export const AUDIT_USAGE = `Usage: simfleet audit [--json] [--data-dir DIR] [--api-base URL] [--list-not-ours] [--fleet URL [--station NAME]]

  (no option)               compare Telegent's inventory with this station's purchases and batches:
                            doubles, unrecorded purchases, recorded but gone, numbers not SimFleet's
  --json                    the report as one JSON object on standard output
  --list-not-ours           also list the numbers whose SIMs SimFleet never saw, one JSON line each
  --fleet URL               also compare every fleet station's purchases (the shared ledger), and
                            record the audit for the fleet view; password as for provision --fleet
  --fleet-password-file FILE  the fleet database's password, from a file
  --station NAME            this station's name in the fleet (default: the computer's)
  --api-base URL            a practice simulator on this computer (http://127.0.0.1:PORT)
  --data-dir DIR            SimFleet data folder (default: the app's)

Exit codes (docs/cli.md): 0 clean; 3 findings (each printed with what to do); 2 bad usage, or
Telegent did not give the inventory (nothing is changed); 4 internal failure.`;

export const RELEASE_USAGE = `Usage: simfleet release NUMBER --yes [--data-dir DIR] [--api-base URL] [--fleet URL]

  NUMBER                    the number to give back, in E.164 form (+18015550123): the extra
                            number of a SIM bought twice, or one nobody recorded (simfleet audit)
  --yes                     confirm: releasing is permanent (Telegent cancels the number)
  --api-base URL            a practice simulator on this computer (http://127.0.0.1:PORT)
  --data-dir DIR            SimFleet data folder (default: the app's)
  --fleet URL               also refuse a number another fleet station recorded; the password as for provision
  --fleet-password-file FILE  the fleet database's password, from a file
  --station NAME            this station's name in the fleet (default: the computer's)

A number SimFleet recorded for a SIM (the one on its label) is refused. Exit codes (docs/cli.md):
0 released, or found released already; 2 refused, nothing changed; 3 no clear answer (run it
again: the number is looked up before anything is sent); 4 internal failure.`;

export const REPLACE_CARD_USAGE = `Usage: simfleet replace-card DAMAGED_ICCID NEW_ICCID --yes [--data-dir DIR] [--api-base URL] [--fleet URL]

  DAMAGED_ICCID             the card whose number was bought, as printed or scanned
  NEW_ICCID                 the new card, which has no number yet
  --yes                     confirm: the number leaves the damaged card for good (Telegent's swap-sim)
  --api-base URL            a practice simulator on this computer (http://127.0.0.1:PORT)
  --data-dir DIR            SimFleet data folder (default: the app's)
  --fleet URL               also write it to the fleet's ledger; the password as for provision
  --fleet-password-file FILE  the fleet database's password, from a file
  --station NAME            this station's name in the fleet (default: the computer's)

The purchase log and the batch's mapping then list the new card; the commands that print its
new label are printed. Exit codes (docs/cli.md): 0 moved, or found moved already; 2 refused,
nothing changed; 3 no clear answer (run it again: the number is looked up before anything is
sent); 4 internal failure.`;

export const ADOPT_USAGE = `Usage: simfleet adopt NUMBER --yes [--data-dir DIR] [--api-base URL] [--fleet URL]

  NUMBER                    a number simfleet audit found unrecorded, in E.164 form (+18015550123)
  --yes                     confirm: record it as bought for its SIM
  --api-base URL            a practice simulator on this computer (http://127.0.0.1:PORT)
  --data-dir DIR            SimFleet data folder (default: the app's)
  --fleet URL               also write it to the fleet's ledger; the password as for provision
  --fleet-password-file FILE  the fleet database's password, from a file
  --station NAME            this station's name in the fleet (default: the computer's)

The number must be live on one of this station's SIMs that has no number recorded. It is
written to the purchase log with a note, and the batch's mapping and labels show it.
Exit codes (docs/cli.md): 0 adopted, or adopted already; 2 refused, nothing written;
4 internal failure.`;

export const EXPORT_USAGE = `Usage: simfleet export BATCH_ID --out FILE [--format csv|xlsx] [--data-dir DIR]

  --format csv|xlsx         the customer mapping as CSV (default) or Excel
  --data-dir DIR            SimFleet data folder (default: the app's)

Exit codes (docs/cli.md): 0 written; 2 bad usage, no such batch, or a file that cannot be
written; 4 internal failure.`;

export const FLEET_USAGE = `Usage: simfleet fleet migrate --db postgres://OWNER@HOST:5432/DATABASE
       simfleet fleet status --db postgres://USER@HOST:5432/DATABASE [--environment practice|production] [--json]

The password goes in the URL or in PGPASSWORD. migrate runs as the database's owner, who
needs CREATEROLE (it creates the simfleet_station role).
Exit codes (docs/cli.md): 0 done; 2 bad usage, or a database that cannot be used; 4 internal failure.`;

export const SIMULATOR_USAGE = `Usage: simfleet simulator [options]

  --port N                  loopback port, 1 to 65535 (default: a free one, printed)
  --account-key K --account-secret S   the credentials it accepts (default: practice ones)
  --rate-limit PER_MIN      its own rate limit, 0 for none (default 50)
  --latency MS              added to every answer (default 0)
  --token-ttl S             token lifetime (default 300)
  --test-routes             /__simulator/ routes for fault injection (docs/cli.md, "simulator")
  --duplicate-iccid sell-again|refuse   a bound ICCID bought again (default sell-again: the worst the docs allow)
  --recycle-every N         every Nth purchase gets the number sold before it

Runs until Ctrl+C. Exit codes (docs/cli.md): 2 bad usage, or the port cannot be used; 4 internal failure.`;

export const SETUP_USAGE = `Usage: simfleet setup [--data-dir DIR] [--api-base URL] [--save-credentials] [--test] [--switch practice|production [--yes]]

  (no option)               show the environment, the production URL, the credentials and the last test
  --api-base URL            save the production Telegent URL (https; http only on loopback)
  --save-credentials        save TELEGENT_ACCOUNT_KEY and TELEGENT_ACCOUNT_SECRET (or, at a terminal,
                            what you type; the secret is not shown) in the OS keychain, for that URL only
  --test                    test the connection with the saved credentials
  --switch practice|production   switch the environment; production needs credentials that passed
                            a test at that URL, and --yes (every activation then buys a real number)
  --data-dir DIR            SimFleet data folder (default: the app's)

The steps run in this order, so one command can do them all. Exit codes (docs/cli.md): 0 done;
2 bad usage, or refused (no credentials, a failed test, no --yes); 4 internal failure.`;

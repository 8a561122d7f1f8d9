/**
 * The `simfleet` command-line tool: the app's services, headless, for kitting-line
 * automation and scripted checks. One grammar for every command (grammar.ts): `--help`
 * answers with the command's synopsis (usage.ts), failures are sentences with the exit
 * codes of docs/cli.md, "Exit codes", never stack traces.
 */
import { isUserError } from '../errors/user-error';
import { EXIT, helpAsked, type Options } from './grammar';
import {
  AUDIT_OPTIONS,
  RELEASE_OPTIONS,
  REPLACE_CARD_OPTIONS,
  ADOPT_OPTIONS,
  CHECK_OPTIONS,
  EXPORT_OPTIONS,
  FLEET_OPTIONS,
  LABELS_OPTIONS,
  PROVISION_OPTIONS,
  SETUP_OPTIONS,
  SIMULATOR_OPTIONS,
} from './options';
import {
  ADOPT_USAGE,
  AUDIT_USAGE,
  RELEASE_USAGE,
  REPLACE_CARD_USAGE,
  CHECK_USAGE,
  EXPORT_USAGE,
  FLEET_USAGE,
  LABELS_USAGE,
  PROVISION_USAGE,
  SETUP_USAGE,
  SIMULATOR_USAGE,
} from './usage';

export const USAGE = `Usage: simfleet <command> [options]

Commands:
  check FILE            check an ICCID list (CSV, TSV, TXT, .xlsx) and print every finding
  provision FILE --out MAPPING.csv
                        provision every importable SIM of a list and write the customer mapping
  labels MAPPING.csv --format FORMAT --out FILE
                        labels (PDF, HTML, ZPL, QR images) from a mapping, or sent to a printer
  export BATCH_ID --out FILE
                        the customer mapping of a batch, as CSV or Excel
  audit                 compare Telegent's inventory with this station's purchases
  release NUMBER --yes  give back an extra number (permanent)
  replace-card DAMAGED NEW --yes
                        move a damaged card's number onto a new card
  adopt NUMBER --yes    record a purchase the audit found unrecorded
  setup                 production from the command line: URL, credentials, test, switch
  fleet migrate|status --db URL
                        set up or look at a fleet's PostgreSQL database
  simulator             run the practice Telegent simulator on loopback
  help [COMMAND]        this help, or a command's

Every command answers --help with its options. Exit codes (docs/cli.md): 0 done; 1 the input
has errors; 2 bad usage or refused before anything was sent; 3 finished with rows that need
attention; 4 internal failure; 5 nothing to do.
`;

type Command = { readonly usage: string; readonly options: Options; readonly run: (args: readonly string[]) => Promise<number> };

// Each command's code is loaded when it runs, not before the arguments are read: `--help` and a
// small `check` start without exceljs, pdfkit or pg (docs/cli.md, "Start-up").
const COMMANDS: Readonly<Record<string, Command>> = {
  check: { usage: CHECK_USAGE, options: CHECK_OPTIONS, run: async (args) => (await import('./check-command')).runCheckCommand(args) },
  provision: { usage: PROVISION_USAGE, options: PROVISION_OPTIONS, run: async (args) => (await import('./provision-command')).runProvisionCommand(args) },
  labels: { usage: LABELS_USAGE, options: LABELS_OPTIONS, run: async (args) => (await import('./labels-command')).runLabelsCommand(args) },
  export: { usage: EXPORT_USAGE, options: EXPORT_OPTIONS, run: async (args) => (await import('./labels-command')).runExportCommand(args) },
  audit: { usage: AUDIT_USAGE, options: AUDIT_OPTIONS, run: async (args) => (await import('./audit-command')).runAuditCommand(args) },
  release: { usage: RELEASE_USAGE, options: RELEASE_OPTIONS, run: async (args) => (await import('./release-command')).runReleaseCommand(args) },
  'replace-card': {
    usage: REPLACE_CARD_USAGE,
    options: REPLACE_CARD_OPTIONS,
    run: async (args) => (await import('./replace-card-command')).runReplaceCardCommand(args),
  },
  adopt: { usage: ADOPT_USAGE, options: ADOPT_OPTIONS, run: async (args) => (await import('./adopt-command')).runAdoptCommand(args) },
  setup: { usage: SETUP_USAGE, options: SETUP_OPTIONS, run: async (args) => (await import('./setup-command')).runSetupCommand(args) },
  fleet: { usage: FLEET_USAGE, options: FLEET_OPTIONS, run: async (args) => (await import('./fleet-command')).runFleetCommand(args) },
  simulator: { usage: SIMULATOR_USAGE, options: SIMULATOR_OPTIONS, run: async (args) => (await import('./simulator-command')).runSimulatorCommand(args) },
};

/** A failure no command turned into a sentence: said as one, exit 4, never a stack trace. */
function internalFailure(command: string, error: unknown, caught = true): number {
  // A refusal a command threw is exit 2; one that escaped it (an event, a promise nobody awaited)
  // may come after something was sent, so it is never said as "nothing was sent".
  if (isUserError(error)) {
    process.stderr.write(`simfleet ${command}: ${error.message}\n`);
    return caught ? EXIT.refused : EXIT.internal;
  }
  const what = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(
    `simfleet ${command}: internal failure (${what}). Nothing more was sent after it; what was bought is in the batch journal. ` +
      'Report it with the command you ran.\n',
  );
  return EXIT.internal;
}

/** Runs one command; answers the process exit code (a long-running command answers -1 and sets it when it ends). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return EXIT.done;
  }
  if (command === 'help') {
    const about = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    if (rest[0] !== undefined && !about) {
      process.stderr.write(`simfleet help: there is no command "${rest[0]}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
      return EXIT.refused;
    }
    process.stdout.write(about ? `${about.usage}\n` : USAGE);
    return EXIT.done;
  }
  const found = COMMANDS[command];
  if (!found) {
    process.stderr.write(`simfleet: unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}; \`simfleet help\` says what each does.\n`);
    return EXIT.refused;
  }
  if (helpAsked(rest, found.options)) {
    process.stdout.write(`${found.usage}\n`);
    return EXIT.done;
  }
  try {
    return await found.run(rest);
  } catch (error) {
    return internalFailure(command, error);
  }
}

// A failure outside any command's own handling (a server's error event, a promise nobody awaited) is still a sentence.
process.on('uncaughtException', (error) => {
  process.exitCode = internalFailure(process.argv[2] ?? 'simfleet', error, false);
  process.exit();
});
process.on('unhandledRejection', (error) => {
  process.exitCode = internalFailure(process.argv[2] ?? 'simfleet', error, false);
  process.exit();
});

const code = await main(process.argv.slice(2));
if (code !== -1) process.exitCode = code;

import { createInterface } from 'node:readline/promises';
import { openDatabase } from '../persistence/sql/connect.js';

export interface MigrateOptions {
  dsn: string;
  yes: boolean;
  out: NodeJS.WritableStream;
  input: NodeJS.ReadableStream;
}

/** Asks until the answer is y/yes/n/no (case-insensitive, spaces ignored). */
async function confirm(opts: MigrateOptions): Promise<boolean> {
  const rl = createInterface({ input: opts.input, output: opts.out, terminal: false });
  try {
    for (;;) {
      const answer = (await rl.question('Do you wish to execute this migration plan? [y/n]: ')).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return true;
      if (answer === 'n' || answer === 'no') return false;
    }
  } catch {
    return false; // input closed without an answer
  } finally {
    rl.close();
  }
}

/** `gatehouse migrate sql` (config.md §5.1). Returns the exit code. */
export async function runMigrate(opts: MigrateOptions): Promise<number> {
  const db = await openDatabase(opts.dsn);
  try {
    const status = await db.migrationStatus();
    opts.out.write('The following migration is planned:\n\n');
    const width = Math.max(7, ...status.map((s) => s.name.length));
    opts.out.write(`${'Version'.padEnd(width)}\tStatus\n`);
    for (const s of status) opts.out.write(`${s.name.padEnd(width)}\t${s.applied ? 'Applied' : 'Pending'}\n`);
    opts.out.write('\n');
    if (!opts.yes) {
      opts.out.write('To skip the next question use flag --yes (at your own risk).\n');
      if (!(await confirm(opts))) {
        opts.out.write('Migration aborted.\n');
        return 0;
      }
    }
    await db.migrate();
    opts.out.write('Successfully applied SQL migrations!\n');
    return 0;
  } finally {
    await db.close();
  }
}

// The `keel` command line: `npm run keel -- <command> [options]`. Run with tsx, outside Next.js, so it must
// not import modules marked "server-only".
import { ConfigError } from "../lib/config";
import { KeelError } from "../lib/errors";
import { createApiKeyCommand, createUserCommand, migrateCommand } from "./keel/accounts";
import { commandHelp, parseCommandArgs, UsageError, type Command } from "./keel/args";
import { demoCommand } from "./keel/demo";

const commands: Command[] = [migrateCommand, createUserCommand, createApiKeyCommand, demoCommand];

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary.split("\n")[0]}`);
  return `Usage: npm run keel -- <command> [options]\n\nCommands:\n${list.join("\n")}\n\nRun \`npm run keel -- <command> --help\` for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(overview());
    return name === undefined ? 1 : 0;
  }

  const command = commands.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"; the commands are ${commands.map((c) => c.name).join(", ")}`);

  const values = parseCommandArgs(command, args);
  if (values.help) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  await command.run(values);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      const hint = error.command ? `Run \`npm run keel -- ${error.command.name} --help\` for its options.` : overview();
      console.error(`keel: ${error.message}\n${hint}`);
    } else if (error instanceof ConfigError || error instanceof KeelError) {
      console.error(`keel: ${error.message}`);
    } else {
      console.error("keel: failed:", error);
    }
    process.exitCode = 1;
  },
);

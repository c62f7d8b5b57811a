import { parseArgs } from "node:util";

/** A mistake in how the command was called. The CLI prints the message and a pointer to the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

export type OptionSpec = {
  type: "string" | "boolean";
  /** Placeholder for the value in help text, such as EMAIL. */
  value?: string;
  description: string;
};

export type Command = {
  name: string;
  summary: string;
  /** Extra paragraphs printed after the option list. */
  details?: string;
  options: Record<string, OptionSpec>;
  run: (values: Record<string, string | boolean | undefined>) => Promise<void>;
};

/** Parses a command's arguments strictly: unknown flags, missing values and positional arguments raise a UsageError. */
export function parseCommandArgs(command: Command, args: string[]): Record<string, string | boolean | undefined> {
  const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type }]));
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument "${positionals[0]}"; options start with --`, command);
    }
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // node:util parseArgs errors carry codes such as ERR_PARSE_ARGS_UNKNOWN_OPTION and a readable message.
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(message, command);
  }
}

/** Returns a string option's value, or raises a UsageError naming the flag when it is missing or empty. */
export function requireString(values: Record<string, unknown>, name: string, command: Command, hint = ""): string {
  const value = values[name];
  if (typeof value === "string" && value.trim() !== "") return value;
  throw new UsageError(`missing --${name}${hint ? `: ${hint}` : ""}`, command);
}

/** Formats the help text of one command. */
export function commandHelp(command: Command): string {
  const width = Math.max(...Object.entries(command.options).map(([name, spec]) => flagText(name, spec).length), 10);
  const lines = Object.entries(command.options).map(
    ([name, spec]) => `  ${flagText(name, spec).padEnd(width)}  ${spec.description}`,
  );
  const details = command.details ? `\n${command.details}\n` : "";
  return `Usage: npm run keel -- ${command.name} [options]\n\n${command.summary}\n\nOptions:\n${lines.join("\n")}\n${details}`;
}

function flagText(name: string, spec: OptionSpec): string {
  return spec.type === "string" ? `--${name} ${spec.value ?? "VALUE"}` : `--${name}`;
}

/**
 * How one environment variable becomes one typed value. Each kind of variable (text, URL,
 * whole number, flag, choice, list, hex key) either yields its value, its default, or a
 * problem that names the variable and says what it expects; config.server.ts gathers
 * those into the app's configuration. Pure: the environment is passed in.
 *
 * An empty value counts as unset (an empty `PORT=` in a .env file means "the default").
 */
export type Env = Readonly<Record<string, string | undefined>>;

export type Reading<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface Variable<T> {
  /** The name the README documents. */
  readonly name: string;
  /** Older names still accepted when `name` is unset. */
  readonly aliases: readonly string[];
  read(env: Env): Reading<T>;
}

/** Stops the process before it listens: every problem names a variable and what it expects. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(
      `The app's configuration is invalid:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n` +
        "Every environment variable is listed in README.md (Install on a real store).",
    );
  }
}

interface Found {
  /** The name the value was found under: `name`, or one of its aliases. */
  readonly as: string;
  readonly text: string;
}

interface Options {
  aliases?: readonly string[];
}

function lookUp(env: Env, name: string, aliases: readonly string[]): Found | undefined {
  for (const candidate of [name, ...aliases]) {
    const text = env[candidate];
    if (text !== undefined && text !== "") return { as: candidate, text };
  }
  return undefined;
}

function label(name: string, found: Found): string {
  return found.as === name ? name : `${found.as} (another name for ${name})`;
}

function malformed<T>(name: string, found: Found, expects: string, options: { secret?: boolean } = {}): Reading<T> {
  const shown = options.secret ? "is malformed (value not shown)" : `is ${JSON.stringify(found.text)}`;
  return { ok: false, problem: `${label(name, found)} ${shown}: expected ${expects}` };
}

function variable<T>(name: string, options: Options, parse: (found: Found | undefined) => Reading<T>): Variable<T> {
  const aliases = options.aliases ?? [];
  return { name, aliases, read: (env) => parse(lookUp(env, name, aliases)) };
}

const ok = <T>(value: T): Reading<T> => ({ ok: true, value });

/** A value the app cannot run without. */
export function requiredText(name: string, expects: string): Variable<string> {
  return variable(name, {}, (found) =>
    found ? ok(found.text) : { ok: false, problem: `${name} is not set: expected ${expects}` },
  );
}

export function optionalText(name: string): Variable<string | undefined> {
  return variable(name, {}, (found) => ok(found?.text));
}

export function textOr(name: string, fallback: string): Variable<string> {
  return variable(name, {}, (found) => ok(found?.text ?? fallback));
}

const URL_EXPECTED = "an http:// or https:// URL";

function checkedUrl(name: string, found: Found): Reading<string> {
  try {
    const url = new URL(found.text);
    // The value is kept as written: callers build URLs from it, and normalising would add a "/".
    if (url.protocol === "http:" || url.protocol === "https:") return ok(found.text);
  } catch {
    // reported below
  }
  return malformed(name, found, URL_EXPECTED);
}

export function requiredUrl(name: string, expects: string): Variable<string> {
  return variable(name, {}, (found) =>
    found
      ? checkedUrl(name, found)
      : { ok: false, problem: `${name} is not set: expected ${expects} (${URL_EXPECTED})` },
  );
}

export function optionalUrl(name: string): Variable<string | undefined> {
  return variable(name, {}, (found) => (found ? checkedUrl(name, found) : ok(undefined)));
}

export function urlOr(name: string, fallback: string): Variable<string> {
  return variable(name, {}, (found) => (found ? checkedUrl(name, found) : ok(fallback)));
}

/** Counts, sizes and durations in milliseconds: integers within bounds (at least 0 unless said otherwise). */
export function wholeNumber(
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number } & Options = {},
): Variable<number> {
  const min = bounds.min ?? 0;
  const expects =
    bounds.max === undefined ? `a whole number, at least ${min}` : `a whole number from ${min} to ${bounds.max}`;
  return variable(name, bounds, (found) => {
    if (!found) return ok(fallback);
    const text = found.text.trim();
    const value = text === "" ? Number.NaN : Number(text);
    if (!Number.isInteger(value) || value < min || (bounds.max !== undefined && value > bounds.max))
      return malformed(name, found, expects);
    return ok(value);
  });
}

const FLAG_VALUES: Record<string, boolean> = { "1": true, true: true, "0": false, false: false };

/** On or off: 1/true or 0/false. */
export function flag(name: string, fallback: boolean): Variable<boolean> {
  return variable(name, {}, (found) => {
    if (!found) return ok(fallback);
    const value = FLAG_VALUES[found.text.trim().toLowerCase()];
    return value === undefined ? malformed(name, found, "1 or true (on), 0 or false (off)") : ok(value);
  });
}

export function oneOf<const Choice extends string>(
  name: string,
  choices: readonly Choice[],
  fallback: Choice,
): Variable<Choice> {
  return variable(name, {}, (found) => {
    if (!found) return ok(fallback);
    const text = found.text.trim() as Choice;
    return choices.includes(text) ? ok(text) : malformed(name, found, `one of ${choices.join(", ")}`);
  });
}

/** Comma-separated names, blanks dropped. */
export function commaList(name: string, fallback: readonly string[]): Variable<readonly string[]> {
  return variable(name, {}, (found) => {
    if (!found) return ok(fallback);
    const items = found.text
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    return items.length > 0 ? ok(items) : malformed(name, found, "comma-separated names");
  });
}

function checkedHexKey(name: string, found: Found, bytes: number, howToMake: string): Reading<string> {
  return new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(found.text)
    ? ok(found.text)
    : malformed(name, found, `${bytes * 2} hex characters (${bytes} bytes; ${howToMake})`, { secret: true });
}

/** A secret key written in hex; its value never appears in a message. */
export function hexKey(name: string, bytes: number, howToMake: string): Variable<string | undefined> {
  return variable(name, {}, (found) => (found ? checkedHexKey(name, found, bytes, howToMake) : ok(undefined)));
}

/** A secret key the app cannot run without: there is no default, in any environment. */
export function requiredHexKey(name: string, bytes: number, howToMake: string): Variable<string> {
  return variable(name, {}, (found) =>
    found
      ? checkedHexKey(name, found, bytes, howToMake)
      : {
          ok: false,
          problem: `${name} is not set: expected ${bytes * 2} hex characters (${bytes} bytes; ${howToMake})`,
        },
  );
}

/** A period written in whole days, read as milliseconds. */
export function days(
  name: string,
  fallbackDays: number,
  bounds: { min?: number; max?: number } = {},
): Variable<number> {
  const inDays = wholeNumber(name, fallbackDays, bounds);
  return {
    ...inDays,
    read: (env) => {
      const reading = inDays.read(env);
      return reading.ok ? ok(reading.value * 24 * 60 * 60_000) : reading;
    },
  };
}

export type Spec = Record<string, Variable<unknown>>;
export type ValuesOf<S extends Spec> = { readonly [K in keyof S]: S[K] extends Variable<infer T> ? T : never };

/** Reads every variable of a spec, collecting all problems rather than stopping at the first. */
export function readSpec<S extends Spec>(spec: S, env: Env): { values: ValuesOf<S>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, item] of Object.entries(spec)) {
    const reading = item.read(env);
    if (reading.ok) values[key] = reading.value;
    else problems.push(reading.problem);
  }
  return { values: values as ValuesOf<S>, problems };
}

/** Every name a spec reads, aliases included. */
export function namesOf(spec: Spec): string[] {
  return Object.values(spec).flatMap((item) => [item.name, ...item.aliases]);
}

/**
 * Structured, one-line JSON logs. Callers pass identifiers (shop, order id, event id) and
 * never customer data; `redact` strips anything that looks like an email, card number or
 * IP address as a second line of defence.
 */
import { config, type LogLevel as Level } from "./config/config.server";

type Fields = Record<string, unknown>;

const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;
let sink: LogSink = (line) => process.stderr.write(`${line}\n`);

export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;
// Digits after a "/" are resource ids (gid://shopify/Order/…), not card numbers.
const CARD = /(?<![\w/])(?:\d[ -]?){12,18}\d(?!\w)/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b/gi;

export function redact(text: string): string {
  return text.replace(EMAIL, "[email]").replace(CARD, "[number]").replace(IPV4, "[ip]").replace(IPV6, "[ip]");
}

function write(level: Level, message: string, fields?: Fields): void {
  if (LEVELS[level] < LEVELS[config().log.level]) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...fields });
  sink(redact(line));
}

export const logger = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

/**
 * The app's webhook subscriptions as shopify.app.toml declares them, and deliveries that
 * honour them: a topic goes to each subscription naming it, at its `uri` (relative to the
 * app's URL), with only the `include_fields` it lists when it lists any
 * (https://shopify.dev/docs/apps/build/webhooks/customize/filters — "include_fields": the
 * payload keeps only those fields; a dotted name such as `line_items.id` keeps a nested one).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import toml from "toml";
import { sendWebhook, type WebhookDelivery } from "./webhooks";

export interface WebhookSubscription {
  topics: string[];
  uri: string;
  includeFields?: string[];
  filter?: string;
}

interface TomlSubscription {
  topics?: string[];
  compliance_topics?: string[];
  uri?: string;
  include_fields?: string[];
  filter?: string;
}

/** `[[webhooks.subscriptions]]` of a shopify.app.toml (default: the repository's). */
export function webhookSubscriptionsFromAppToml(file?: string): WebhookSubscription[] {
  const tomlFile = file ?? findAppToml();
  const parsed = toml.parse(fs.readFileSync(tomlFile, "utf8")) as { webhooks?: { subscriptions?: TomlSubscription[] } };
  return (parsed.webhooks?.subscriptions ?? [])
    .filter((s) => s.uri && (s.topics?.length || s.compliance_topics?.length))
    .map((s) => ({
      topics: [...(s.topics ?? []), ...(s.compliance_topics ?? [])],
      uri: s.uri!,
      ...(s.include_fields ? { includeFields: s.include_fields } : {}),
      ...(s.filter ? { filter: s.filter } : {}),
    }));
}

function findAppToml(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "shopify.app.toml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("shopify.app.toml not found");
    dir = parent;
  }
  return path.join(dir, "shopify.app.toml");
}

type Json = Record<string, unknown>;

function pick(value: unknown, fieldPaths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, fieldPaths));
  if (value === null || typeof value !== "object") return value;
  const source = value as Json;
  const out: Json = {};
  const byHead = new Map<string, string[][]>();
  for (const [head, ...rest] of fieldPaths) {
    if (!(head in source)) continue;
    const tails = byHead.get(head) ?? [];
    tails.push(rest);
    byHead.set(head, tails);
  }
  for (const [head, tails] of byHead)
    out[head] = tails.some((t) => t.length === 0) ? source[head] : pick(source[head], tails);
  return out;
}

/** The payload with only `includeFields` (top-level names or dotted paths). */
export function applyIncludeFields(body: Json, includeFields: readonly string[] | undefined): Json {
  if (!includeFields?.length) return body;
  return pick(
    body,
    includeFields.map((f) => f.split(".")),
  ) as Json;
}

export interface SubscribedDelivery extends WebhookDelivery {
  uri: string;
}

/**
 * Sends `topic` with `body` to every subscription naming it (none subscribed → nothing
 * sent, as Shopify would), each with its include_fields applied.
 */
export async function deliverToSubscriptions(options: {
  appUrl: string;
  shop: string;
  topic: string;
  body: Json;
  secret: string;
  apiVersion: string;
  subscriptions?: WebhookSubscription[];
  webhookId?: string;
}): Promise<SubscribedDelivery[]> {
  const subscriptions = options.subscriptions ?? webhookSubscriptionsFromAppToml();
  const deliveries: SubscribedDelivery[] = [];
  for (const sub of subscriptions.filter((s) => s.topics.includes(options.topic))) {
    const url = new URL(sub.uri, options.appUrl).toString();
    const delivery = await sendWebhook({
      url,
      topic: options.topic,
      shop: options.shop,
      apiVersion: options.apiVersion,
      secret: options.secret,
      body: applyIncludeFields(options.body, sub.includeFields),
      webhookId: options.webhookId,
    });
    deliveries.push({ ...delivery, uri: sub.uri });
  }
  return deliveries;
}

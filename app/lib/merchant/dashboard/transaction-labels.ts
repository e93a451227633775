/**
 * Apruvd's transaction fields in the merchant's words, for the review page (the API names
 * such as first_six or avs mean nothing to a merchant). One place, for the i18n layer.
 */
export const TRANSACTION_FIELD_LABELS: Record<string, string> = {
  type: "Order type",
  total: "Total",
  currency: "Currency",
  order_num: "Order number",
  ip: "Customer IP address",
  email: "Customer email",
  session_id: "Storefront session",
  first_six: "Card number (first digits)",
  last_four: "Card number (last four)",
  cc_name: "Cardholder first name",
  cc_name_2: "Cardholder last name",
  avs: "Address check (AVS)",
  cvv: "Security code check (CVV)",
  auth_attempts: "Payment attempts",
  gift_cards: "Gift cards used",
  egc_recipient: "Gift card recipient",
  digital_only_order: "Digital items only",
  cart_contents: "Items",
  discount_codes: "Discount codes",
  rep_email: "Staff member",
  additional_1: "Order note",
  additional_2: "Channel and payment",
  additional_3: "Customer tags",
  shipping_method: "Shipping method",
  shipping_email: "Shipping email",
};

const PREFIXES: Array<[string, string]> = [
  ["billing_", "Billing"],
  ["shipping_", "Shipping"],
];
const PARTS: Record<string, string> = {
  first_name: "first name",
  last_name: "last name",
  company: "company",
  address_1: "address",
  address_2: "address line 2",
  city: "city",
  postal: "postal code",
  state: "state or province",
  region: "region code",
  country: "country",
  phone: "phone",
};

/** "billing_postal" → "Billing postal code"; an unknown field → its words ("foo_bar" → "Foo bar"). */
export function transactionFieldLabel(field: string): string {
  const known = TRANSACTION_FIELD_LABELS[field];
  if (known) return known;
  for (const [prefix, word] of PREFIXES) {
    if (field.startsWith(prefix)) {
      const rest = field.slice(prefix.length);
      return `${word} ${PARTS[rest] ?? rest.replace(/_/g, " ")}`;
    }
  }
  const words = field.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

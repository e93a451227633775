/** Money in integer minor units, per the currency's decimals (JPY has none). */

const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX", "XAF", "XOF"]);
export const decimalsOf = (currency: string) => (ZERO_DECIMAL.has(currency) ? 0 : 2);

export function toMinor(amount: string | number, currency: string): number {
  const d = decimalsOf(currency);
  const n = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`invalid amount ${String(amount)}`);
  return Math.round(n * 10 ** d);
}

export function fromMinor(minor: number, currency: string): string {
  const d = decimalsOf(currency);
  return (minor / 10 ** d).toFixed(d);
}

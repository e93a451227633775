/** What the generated variants are made of: a seeded PRNG and plausible names, places, products and cards. */
import type { AddressSpec, CardSpec } from "./spec";

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIRST_NAMES = [
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Mateo",
  "Sophia",
  "Lucas",
  "Mia",
  "Ethan",
  "Amelia",
  "James",
  "Harper",
  "Benjamin",
  "Chloe",
  "Daniel",
];
export const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Garcia",
  "Brown",
  "Miller",
  "Davis",
  "Martinez",
  "Wilson",
  "Anderson",
  "Thomas",
  "Moore",
  "Jackson",
  "Lee",
  "Harris",
];
export const PLACES: AddressSpec[] = [
  { city: "Austin", province: "Texas", provinceCode: "TX", country: "United States", countryCode: "US", zip: "78701" },
  {
    city: "Brooklyn",
    province: "New York",
    provinceCode: "NY",
    country: "United States",
    countryCode: "US",
    zip: "11201",
  },
  {
    city: "Denver",
    province: "Colorado",
    provinceCode: "CO",
    country: "United States",
    countryCode: "US",
    zip: "80202",
  },
  {
    city: "Seattle",
    province: "Washington",
    provinceCode: "WA",
    country: "United States",
    countryCode: "US",
    zip: "98101",
  },
  { city: "Toronto", province: "Ontario", provinceCode: "ON", country: "Canada", countryCode: "CA", zip: "M5V 2T6" },
  { city: "London", province: null, provinceCode: null, country: "United Kingdom", countryCode: "GB", zip: "EC1A 1BB" },
  { city: "Miami", province: "Florida", provinceCode: "FL", country: "United States", countryCode: "US", zip: "33131" },
];
export const STREETS = [
  "Main St",
  "Oak Ave",
  "Maple Dr",
  "Cedar Ln",
  "Elm St",
  "Pine Rd",
  "Lakeview Blvd",
  "Sunset Ave",
];
export const PRODUCTS: { title: string; sku: string; price: string; variantTitle?: string; tags: string[] }[] = [
  { title: "Aviator Sunglasses", sku: "SUN-AVI-001", price: "89.99", tags: ["accessories", "summer"] },
  { title: "Merino Wool Sweater", sku: "SWT-MER-M", price: "129.00", variantTitle: "M / Navy", tags: ["apparel"] },
  {
    title: "Leather Weekender Bag",
    sku: "BAG-WKD-BRN",
    price: "245.00",
    variantTitle: "Brown",
    tags: ["bags", "high-value"],
  },
  { title: "Trail Running Shoes", sku: "SHO-TRL-10", price: "139.95", variantTitle: "10", tags: ["footwear"] },
  { title: "Ceramic Pour-Over Set", sku: "KIT-POUR-WHT", price: "54.50", tags: ["kitchen"] },
  { title: "Wireless Earbuds Pro", sku: "ELC-EAR-PRO", price: "199.00", tags: ["electronics", "high-risk"] },
  { title: "Organic Cotton Tee", sku: "TEE-ORG-L", price: "28.00", variantTitle: "L / White", tags: ["apparel"] },
  { title: "Smartwatch Series 7", sku: "ELC-WATCH-7", price: "399.00", tags: ["electronics", "high-risk"] },
];
export const ORDINARY_CARDS: CardSpec[] = [
  { bin: "411111", last4: "1111", company: "Visa" },
  { bin: "545454", last4: "5454", company: "Mastercard" },
  { bin: "371449", last4: "8431", company: "American Express" },
  { bin: "601100", last4: "0004", company: "Discover" },
  { bin: "424242", last4: "4242", company: "Visa" },
];
export const AVS = ["Y", "A", "Z", "N", "U", "X", "G"];
export const CVV = ["M", "M", "M", "N", "P", "U"];

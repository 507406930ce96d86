const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID string (any version). */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/** A random UUID v4 (`crypto.randomUUID` exists in every browser that runs this bundle, in secure contexts). */
export function newUuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Insecure contexts (plain http on a LAN address) lack randomUUID: build a v4 from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID string (any version). */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

/**
 * A random UUID v4: `crypto.randomUUID` where it exists (secure contexts); on plain http (a LAN address) each digit of
 * the v4 pattern from `getRandomValues` (the `4` stays, `8` becomes the variant `8`–`b`).
 */
export const newUuid = (): string =>
  crypto.randomUUID?.() ??
    '10000000-1000-4000-8000-100000000000'.replace(
      /[018]/g,
      (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16),
    );

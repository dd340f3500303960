import { createHash } from 'node:crypto';

/** This app's namespace for name-based job ids (itself a v5 UUID of the app's name in the URL namespace). */
const NAMESPACE = 'b2a3e4e0-5f0d-5c3a-9a47-6f1d2c3b4a59';

/**
 * A UUID v5 (RFC 9562 §5.5) of a business key: the same key always gives the same job id, so sending
 * the same work twice is refused by pg-boss (send() returns null) for as long as the first job is kept.
 */
export function jobIdFor(key: string, namespaceId: string = NAMESPACE): string {
  const namespace = Buffer.from(namespaceId.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(key, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

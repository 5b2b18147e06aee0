import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The digest of a file, streamed so a 60 MB tarball is never held in memory. */
export async function fileDigest(path: string, algorithm: 'sha256' | 'sha512', encoding: 'hex' | 'base64'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest(encoding);
}

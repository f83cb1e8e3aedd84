/** Test helper: whether the openssl binary is there to make certificates (tests that need it skip, saying so). */
import { execFileSync } from 'node:child_process';

export function hasOpenssl(what: string): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`\n*** SKIPPING ${what}: openssl is not installed to make certificates ***\n`);
    return false;
  }
}

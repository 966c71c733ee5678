#!/usr/bin/env node
// The `qualified` command. Built code lives in dist/ (`npm run build`).

// node:sqlite (the default monitor database) announces itself as experimental on every run; that notice is
// for Node developers, not for the people running this command.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  String(warning).includes("SQLite is an experimental feature") ? undefined : emitWarning.call(process, warning, ...rest);

const { main } = await import("../dist/cli/index.js");
await main(process.argv);

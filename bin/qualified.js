#!/usr/bin/env node
// The `qualified` command. Built code lives in dist/ (`npm run build`).
import { main } from "../dist/cli/index.js";

await main(process.argv);

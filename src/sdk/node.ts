// Qualified SDK, Node.js only: what reads and writes files. The main entry (`qualified`) stays free of
// `node:fs`, so it bundles for a browser; import these from `qualified/node`.
export { readDeployment, writeDeployment } from "./deployment-file.js";
export { readJsonFile, type JsonFileMessages } from "./json-file.js";

import { z } from "zod";
import { parseLabelFile, type Labels } from "../analytics/flows.js";
import { QualifiedError } from "../sdk/index.js";
import { readJsonFile } from "../sdk/node.js";

/** Reads `--labels FILE` (address -> { category, name }), with one sentence for each way it can be wrong. */
export function readLabelFile(path: string): Labels["known"] {
  const json = readJsonFile(path, z.unknown(), {
    missing: (p) => `no label file at ${p}`,
    notJson: (p) => `the label file ${p} is not JSON`,
    invalid: (p, where, message) => `the label file ${p} is not valid: ${where}: ${message}`,
  });
  try {
    return parseLabelFile(json);
  } catch (error) {
    throw new QualifiedError(`the label file ${path} is not valid: ${(error as Error).message}`);
  }
}

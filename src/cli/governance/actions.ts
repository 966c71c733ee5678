import type { Address } from "viem";
import {
  QualifiedError,
  admitQualifierCall,
  admitRegulatorCall,
  appointGuardianCall,
  appointSanctionsOperatorCall,
  reinstateQualifierCall,
  removeGuardianCall,
  removeRegulatorCall,
  removeSanctionsOperatorCall,
  setChallengeWindowCall,
  setQualifierClassesCall,
  suspendQualifierCall,
  vetCodeCall,
  type Call,
  type Deployment,
} from "../../sdk/index.js";
import { parseAddress, parseInteger } from "../parse.js";

/** One governance action that `qualified governance propose` can put to the Safe's owners. */
export interface GovernanceAction {
  name: string;
  description: string;
  /** Positional arguments, in order. */
  args: Array<{ name: string; description: string }>;
  /** Options as commander flags; each one listed here is required. */
  options: Array<{ flags: string; key: string; description: string }>;
  build(d: Deployment, args: string[], opts: Record<string, string>): { call: Call; summary: string };
}

const MAX_TEXT = 200;

function text(value: string, what: string): string {
  const t = value.trim();
  if (!t) throw new QualifiedError(`${what} must not be empty`);
  if (t.length > MAX_TEXT) throw new QualifiedError(`${what} is longer than ${MAX_TEXT} characters`);
  return t;
}

/** Class names (as the deployment defines them) or class ids, comma-separated: "professional investor,entity" or "1,2". */
export function parseClasses(d: Deployment, value: string): number[] {
  const ids = value.split(",").map((part) => {
    const name = part.trim();
    if (/^\d+$/.test(name)) {
      const id = Number(name);
      if (!Object.values(d.classes).includes(id)) throw new QualifiedError(`class ${id} is not defined (defined: ${describeClasses(d)})`);
      return id;
    }
    const id = d.classes[name];
    if (id === undefined) throw new QualifiedError(`class "${name}" is not defined (defined: ${describeClasses(d)})`);
    return id;
  });
  if (ids.length === 0) throw new QualifiedError("give at least one class");
  return [...new Set(ids)].sort((a, b) => a - b);
}

function describeClasses(d: Deployment): string {
  return Object.entries(d.classes)
    .map(([name, id]) => `${id} ${name}`)
    .join(", ");
}

const qualifierId = (v: string) => parseInteger(v, "qualifier id", 1, 65_535);
const account = (v: string): Address => parseAddress(v, "account");

/** Every action governance can propose, in the order `--help` lists them. */
export const GOVERNANCE_ACTIONS: GovernanceAction[] = [
  {
    name: "admit-qualifier",
    description: "admit a qualifier that may issue credentials of the given classes",
    args: [{ name: "account", description: "the qualifier's signing address" }],
    options: [
      { flags: "--name <name>", key: "name", description: "the qualifier's public name" },
      { flags: "--classes <list>", key: "classes", description: 'class names or ids, comma-separated ("professional investor,entity" or "1,2")' },
    ],
    build: (d, [a], o) => {
      const classes = parseClasses(d, o.classes);
      const name = text(o.name, "the qualifier's name");
      return {
        call: admitQualifierCall({ deployment: d, account: account(a), name, classes }),
        summary: `admit ${account(a)} as qualifier "${name}" for classes ${classes.join(", ")}`,
      };
    },
  },
  {
    name: "suspend-qualifier",
    description: "suspend a qualifier: every credential it issued stops passing at once",
    args: [{ name: "id", description: "qualifier id" }],
    options: [{ flags: "--reason <text>", key: "reason", description: "why (public, on chain: no personal data)" }],
    build: (d, [id], o) => ({
      call: suspendQualifierCall({ deployment: d, id: qualifierId(id), reason: text(o.reason, "the reason") }),
      summary: `suspend qualifier ${qualifierId(id)}: ${text(o.reason, "the reason")}`,
    }),
  },
  {
    name: "reinstate-qualifier",
    description: "reinstate a suspended qualifier: its credentials pass again",
    args: [{ name: "id", description: "qualifier id" }],
    options: [],
    build: (d, [id]) => ({ call: reinstateQualifierCall({ deployment: d, id: qualifierId(id) }), summary: `reinstate qualifier ${qualifierId(id)}` }),
  },
  {
    name: "set-qualifier-classes",
    description: "set the classes a qualifier may issue from now on",
    args: [{ name: "id", description: "qualifier id" }],
    options: [{ flags: "--classes <list>", key: "classes", description: "class names or ids, comma-separated" }],
    build: (d, [id], o) => {
      const classes = parseClasses(d, o.classes);
      return {
        call: setQualifierClassesCall({ deployment: d, id: qualifierId(id), classes }),
        summary: `set qualifier ${qualifierId(id)}'s classes to ${classes.join(", ")}`,
      };
    },
  },
  {
    name: "seat-regulator",
    description: "seat a regulator for a jurisdiction",
    args: [{ name: "account", description: "the regulator's address" }],
    options: [
      { flags: "--jurisdiction <code>", key: "jurisdiction", description: 'ISO 3166 alpha-2 code, e.g. "CH"' },
      { flags: "--name <name>", key: "name", description: "the regulator's public name" },
    ],
    build: (d, [a], o) => {
      const jurisdiction = o.jurisdiction.trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(jurisdiction)) throw new QualifiedError(`jurisdiction "${o.jurisdiction}" is not a two-letter ISO 3166 code such as CH`);
      const name = text(o.name, "the regulator's name");
      return {
        call: admitRegulatorCall({ deployment: d, account: account(a), jurisdiction, name }),
        summary: `seat ${account(a)} as the regulator of ${jurisdiction} ("${name}")`,
      };
    },
  },
  {
    name: "remove-regulator",
    description: "remove a regulator from its seat",
    args: [{ name: "account", description: "the regulator's address" }],
    options: [{ flags: "--reason <text>", key: "reason", description: "why (public, on chain: no personal data)" }],
    build: (d, [a], o) => ({
      call: removeRegulatorCall({ deployment: d, account: account(a), reason: text(o.reason, "the reason") }),
      summary: `remove the regulator ${account(a)}: ${text(o.reason, "the reason")}`,
    }),
  },
  {
    name: "grant-guardian",
    description: "appoint a guardian of the contract registry (may block registrations)",
    args: [{ name: "account", description: "the guardian's address" }],
    options: [],
    build: (d, [a]) => ({ call: appointGuardianCall({ deployment: d, account: account(a) }), summary: `appoint ${account(a)} as a guardian` }),
  },
  {
    name: "revoke-guardian",
    description: "remove a guardian of the contract registry",
    args: [{ name: "account", description: "the guardian's address" }],
    options: [],
    build: (d, [a]) => ({ call: removeGuardianCall({ deployment: d, account: account(a) }), summary: `remove ${account(a)} from the guardians` }),
  },
  {
    name: "grant-sanctions-operator",
    description: "appoint a sanctions operator of the credential registry (flags and clears sanctioned wallets)",
    args: [{ name: "account", description: "the operator's address" }],
    options: [],
    build: (d, [a]) => ({
      call: appointSanctionsOperatorCall({ deployment: d, account: account(a) }),
      summary: `appoint ${account(a)} as a sanctions operator`,
    }),
  },
  {
    name: "revoke-sanctions-operator",
    description: "remove a sanctions operator of the credential registry",
    args: [{ name: "account", description: "the operator's address" }],
    options: [],
    build: (d, [a]) => ({
      call: removeSanctionsOperatorCall({ deployment: d, account: account(a) }),
      summary: `remove ${account(a)} from the sanctions operators`,
    }),
  },
  {
    name: "set-challenge-window",
    description: "set the challenge window (seconds) that future registrations of unvetted code wait out",
    args: [{ name: "seconds", description: "the window in seconds" }],
    options: [],
    build: (d, [s]) => {
      const seconds = parseInteger(s, "the challenge window", 0, 2 ** 40 - 1);
      return { call: setChallengeWindowCall({ deployment: d, seconds }), summary: `set the challenge window to ${seconds} s` };
    },
  },
  {
    name: "vet-code",
    description: "vet the code deployed at an exemplar: every contract with the same code is eligible at once",
    args: [{ name: "exemplar", description: "a contract with the code to vet" }],
    options: [{ flags: "--label <text>", key: "label", description: 'what the code is, e.g. "Uniswap V2 pair"' }],
    build: (d, [e], o) => {
      const exemplar = parseAddress(e, "exemplar");
      const label = text(o.label, "the label");
      return { call: vetCodeCall({ deployment: d, exemplar, label, vetted: true }), summary: `vet the code of ${exemplar} ("${label}")` };
    },
  },
  {
    name: "unvet-code",
    description: "withdraw the vetting of the code deployed at an exemplar",
    args: [{ name: "exemplar", description: "a contract with the vetted code" }],
    options: [{ flags: "--label <text>", key: "label", description: "why it is withdrawn" }],
    build: (d, [e], o) => {
      const exemplar = parseAddress(e, "exemplar");
      const label = text(o.label, "the label");
      return { call: vetCodeCall({ deployment: d, exemplar, label, vetted: false }), summary: `withdraw the vetting of the code of ${exemplar} ("${label}")` };
    },
  },
];

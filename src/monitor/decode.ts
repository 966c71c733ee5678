import { decodeAbiParameters, decodeEventLog, toEventSelector, type Abi, type AbiEvent, type AbiParameter, type Hex } from "viem";

/** A decoded event: its name and its arguments by name, as viem's `decodeEventLog` returns them. */
export interface DecodedEvent {
  eventName: string;
  args: Record<string, unknown> | undefined;
}

interface EventShape {
  item: AbiEvent;
  indexed: AbiParameter[];
  nonIndexed: AbiParameter[];
  /** Some input has no name: viem returns the arguments as an array then, so such events go through it. */
  unnamed: boolean;
}

/** Indexed parameters of these types are stored as the hash of their value: the topic is the value kept. */
const hashedInTopic = (type: string) => type === "string" || type === "bytes" || type === "tuple" || /^(.*)\[(\d+)?\]$/.test(type);

/**
 * Decodes the logs of one contract ABI. Each event is found by its first topic in a table built once (instead of
 * hashing every event signature of the ABI for every log), then its parameters are decoded directly: indexed ones
 * from the topics, the others from the data. The result is what `decodeEventLog({ abi, data, topics })` returns.
 */
export class EventDecoder {
  private readonly bySelector = new Map<Hex, EventShape>();
  /** Decoded values of static indexed parameters by their topic (addresses repeat from log to log). */
  private readonly topicValues = new Map<string, unknown>();

  constructor(abi: Abi) {
    for (const item of abi) {
      if (item.type !== "event") continue;
      const selector = toEventSelector(item);
      if (this.bySelector.has(selector)) continue; // the first match wins, as in viem
      this.bySelector.set(selector, {
        item,
        indexed: item.inputs.filter((p) => p.indexed),
        nonIndexed: item.inputs.filter((p) => !p.indexed),
        unnamed: item.inputs.some((p) => !p.name),
      });
    }
  }

  /** The decoded event, or undefined for a log this ABI does not describe (unknown event, malformed topics or data). */
  decode(topics: readonly Hex[], data: Hex): DecodedEvent | undefined {
    const selector = topics[0];
    const shape = selector === undefined ? undefined : this.bySelector.get(selector);
    if (!shape) return undefined;
    try {
      if (shape.unnamed) {
        const event = decodeEventLog({ abi: [shape.item], data, topics: topics as [Hex, ...Hex[]] });
        return { eventName: event.eventName, args: event.args as Record<string, unknown> | undefined };
      }
      // Strict, like decodeEventLog: every indexed parameter has its topic and the data holds the others.
      if (topics.length - 1 < shape.indexed.length) return undefined;
      const args: Record<string, unknown> = {};
      for (let i = 0; i < shape.indexed.length; i++) {
        const param = shape.indexed[i];
        const topic = topics[i + 1];
        args[param.name!] = hashedInTopic(param.type) ? topic : this.decodeTopic(param, topic);
      }
      if (shape.nonIndexed.length > 0) {
        if (!data || data === "0x") return undefined;
        const values = decodeAbiParameters(shape.nonIndexed, data);
        for (let i = 0; i < shape.nonIndexed.length; i++) args[shape.nonIndexed[i].name!] = values[i];
      }
      return { eventName: shape.item.name, args: Object.keys(args).length > 0 ? args : undefined };
    } catch {
      return undefined;
    }
  }

  private decodeTopic(param: AbiParameter, topic: Hex): unknown {
    const key = `${param.type}:${topic}`;
    if (this.topicValues.has(key)) return this.topicValues.get(key);
    const value = decodeAbiParameters([param], topic)[0];
    if (this.topicValues.size >= 50_000) this.topicValues.clear(); // bounded: a cache, not a record
    this.topicValues.set(key, value);
    return value;
  }
}

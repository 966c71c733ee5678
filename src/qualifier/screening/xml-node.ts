/**
 * A parsed XML element of an OFAC publication, as fast-xml-parser returns it: no static shape. Every field is
 * read through `text`/`asArray`, which accept whatever the publication holds.
 */
// biome-ignore lint/suspicious/noExplicitAny: fast-xml-parser's output is an untyped tree; the readers check each field they use.
export type XmlNode = Record<string, any>;

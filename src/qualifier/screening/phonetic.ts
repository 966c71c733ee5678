/**
 * A sound key of one Latin word, so that romanisations of one name meet: "muhammad", "mohammed" and
 * "mukhammed" share "mhmd"; "yusuf", "youssef", "jusuf" share "asf" (a leading vowel is "a"). Rules: digraphs to one sound (kh, gh, ph,
 * sh, ch, zh, dj, ou, th), c/q to k, z to s, w to v, j and y alike, double letters once, then vowels (and h)
 * dropped after the first letter.
 */
export function soundKey(word: string): string {
  let w = word
    .replace(/^dzh|^dj|^zh/g, "j")
    .replace(/kh/g, "h")
    .replace(/gh/g, "g")
    .replace(/ph/g, "f")
    .replace(/sch|sh|ch/g, "s")
    .replace(/tch|tsh|ts|tz/g, "s")
    .replace(/th/g, "t")
    .replace(/dzh|dj|zh/g, "j")
    .replace(/ck|q|c(?=[aou])|c$/g, "k")
    .replace(/c/g, "s")
    .replace(/x/g, "ks")
    .replace(/z/g, "s")
    .replace(/w/g, "v")
    .replace(/j/g, "y")
    .replace(/ou/g, "u")
    .replace(/(.)\1+/g, "$1");
  if (w.length === 0) return w;
  const first = /[aeiouy]/.test(w[0]) ? "a" : w[0];
  w = first + w.slice(1).replace(/[aeiouyh]/g, "");
  return w.replace(/(.)\1+/g, "$1");
}

/**
 * A word's spelling with romanisation differences folded away, letters otherwise kept: "kh" and "h",
 * "dzh", "dj", "zh" and "j", "ph" and "f", "c" and "k" or "s", "w" and "v", "y" and "i", "ou" and "u",
 * double letters once. "prodzhekt" and "project", "alkhassan" and "alhassan" fold alike.
 */
export function foldSpelling(word: string): string {
  return word
    .replace(/dzh|dj|zh/g, "j")
    .replace(/kh/g, "h")
    .replace(/ph/g, "f")
    .replace(/ck/g, "k")
    .replace(/c(?=[eiy])/g, "s")
    .replace(/[cq]/g, "k")
    .replace(/x/g, "ks")
    .replace(/w/g, "v")
    .replace(/y/g, "i")
    .replace(/ou|oo/g, "u")
    .replace(/(.)\1+/g, "$1");
}

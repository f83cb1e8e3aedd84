/**
 * JSON of any shape, handled without recursion. V8's JSON.parse copes with any nesting, but JSON.stringify (and
 * every recursive walk, React rendering included) overflows the stack at a few thousand levels: a 10 KB frame
 * `{"x":[[[[…]]]]}` from a charger is enough. Everything that shows or re-serializes untrusted JSON goes through here.
 */

/** Nesting shown in views; OCPP payloads are a handful of levels deep. */
export const MAX_VIEW_DEPTH = 64;

/** True when the JSON text nests objects/arrays deeper than `limit` (scans brackets outside strings, stops early). */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/** The marker that replaces a container nested deeper than the bound. */
export function depthMarker(maxDepth: number): string {
  return `… (nested deeper than ${maxDepth} levels; see the raw frame)`;
}

/**
 * A copy of `value` in which every object or array nested deeper than `maxDepth` is replaced by a marker string
 * (iterative, so any depth is fine). Returns the value itself when nothing is that deep.
 */
export function boundDepth(value: unknown, maxDepth = MAX_VIEW_DEPTH): { value: unknown; truncated: boolean } {
  if (!exceedsDepth(value, maxDepth)) return { value, truncated: false };
  const marker = depthMarker(maxDepth);
  const root: { v: unknown } = { v: undefined };
  const stack: Array<{ src: unknown; set: (v: unknown) => void; depth: number }> = [{ src: value, set: (v) => (root.v = v), depth: 0 }];
  while (stack.length) {
    const { src, set, depth } = stack.pop()!;
    if (src === null || typeof src !== 'object') {
      set(src);
      continue;
    }
    if (depth >= maxDepth) {
      set(marker);
      continue;
    }
    if (Array.isArray(src)) {
      const copy: unknown[] = new Array<unknown>(src.length);
      set(copy);
      src.forEach((item, i) => stack.push({ src: item, set: (v) => (copy[i] = v), depth: depth + 1 }));
    } else {
      const copy: Record<string, unknown> = {};
      set(copy);
      for (const [k, item] of Object.entries(src)) stack.push({ src: item, set: (v) => (copy[k] = v), depth: depth + 1 });
    }
  }
  return { value: root.v, truncated: true };
}

function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= maxDepth) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return false;
}

/** JSON.stringify that never throws on depth: what cannot be serialized whole is serialized depth-bounded. */
export function stringifyBounded(value: unknown, maxDepth = MAX_VIEW_DEPTH): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return JSON.stringify(boundDepth(value, maxDepth).value) ?? 'null';
  }
}

/** At most `max` UTF-16 units of `text`, never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end);
}

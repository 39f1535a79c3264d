/**
 * A table-driven Aho–Corasick automaton over small integer symbols (UTF-16 units mapped to classes, or
 * syllable ids). Built once per engine from every term of every pack; a scan is one pass over the text
 * whatever the number of terms. It finds every hit on the full path; clean listings never reach it (the
 * filter in prefilter.ts answers for them with smaller tables).
 *
 * Layout, chosen for speed on mostly-clean text: symbols outside every pattern map to class 0 and send the
 * scan straight back to the root; the root's transitions are a dense array; other states keep sorted sparse
 * edge lists (most have one or two children); every state's outputs (its own patterns and those of its
 * suffixes) are flattened into one array.
 */

/** A compiled automaton. Immutable after {@link buildAutomaton}. */
export interface Automaton {
  /** Maps a symbol (0..alphabetSize-1) to its class; 0 = in no pattern. */
  readonly classOf: Uint16Array;
  readonly rootNext: Int32Array;
  readonly edgeStart: Int32Array;
  readonly edgeClass: Uint16Array;
  readonly edgeNext: Int32Array;
  readonly fail: Int32Array;
  readonly outStart: Int32Array;
  readonly outPattern: Int32Array;
  /** Length of each pattern, in symbols. */
  readonly patternLength: Int32Array;
  readonly maxLength: number;
  readonly classes: number;
}

/**
 * Builds an automaton.
 * @param patterns each pattern as a sequence of symbols (all < alphabetSize); duplicates are allowed
 * @param alphabetSize number of distinct symbols (65536 for UTF-16 units)
 */
export function buildAutomaton(patterns: readonly ArrayLike<number>[], alphabetSize: number): Automaton {
  const classOf = new Uint16Array(alphabetSize);
  let classes = 1;
  for (const p of patterns)
    for (let i = 0; i < p.length; i++) {
      const s = p[i]!;
      if (classOf[s] === 0) {
        if (classes >= 0xffff) throw new RangeError('too many distinct symbols in patterns');
        classOf[s] = classes++;
      }
    }
  // Trie with Map children while building.
  const children: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  let maxLength = 0;
  const patternLength = new Int32Array(patterns.length);
  patterns.forEach((p, id) => {
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const c = classOf[p[i]!]!;
      let next = children[s]!.get(c);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        own.push([]);
        children[s]!.set(c, next);
      }
      s = next;
    }
    own[s]!.push(id);
    patternLength[id] = p.length;
    if (p.length > maxLength) maxLength = p.length;
  });
  const n = children.length;
  const fail = new Int32Array(n);
  const order: number[] = [];
  const queue: number[] = [];
  for (const [, next] of children[0]!) {
    fail[next] = 0;
    queue.push(next);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    order.push(s);
    for (const [c, next] of children[s]!) {
      let f = fail[s]!;
      while (f !== 0 && !children[f]!.has(c)) f = fail[f]!;
      const t = children[f]!.get(c);
      fail[next] = t !== undefined && t !== next ? t : 0;
      queue.push(next);
    }
  }
  // Outputs: own patterns plus the outputs of the fail state (already complete, BFS order).
  const outputs: number[][] = new Array(n);
  outputs[0] = own[0]!;
  for (const s of order) outputs[s] = own[s]!.length ? [...own[s]!, ...outputs[fail[s]!]!] : outputs[fail[s]!]!;
  const outStart = new Int32Array(n + 1);
  let total = 0;
  for (let s = 0; s < n; s++) {
    outStart[s] = total;
    total += outputs[s]!.length;
  }
  outStart[n] = total;
  const outPattern = new Int32Array(total);
  for (let s = 0; s < n; s++) outPattern.set(outputs[s]!, outStart[s]!);
  const rootNext = new Int32Array(classes).fill(-1);
  for (const [c, next] of children[0]!) rootNext[c] = next;
  const edgeStart = new Int32Array(n + 1);
  let edges = 0;
  for (let s = 0; s < n; s++) {
    edgeStart[s] = edges;
    edges += children[s]!.size;
  }
  edgeStart[n] = edges;
  const edgeClass = new Uint16Array(edges);
  const edgeNext = new Int32Array(edges);
  for (let s = 0; s < n; s++) {
    const sorted = [...children[s]!].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([c, next], k) => {
      edgeClass[edgeStart[s]! + k] = c;
      edgeNext[edgeStart[s]! + k] = next;
    });
  }
  return { classOf, rootNext, edgeStart, edgeClass, edgeNext, fail, outStart, outPattern, patternLength, maxLength, classes };
}

/** The next state from `s` on class `c`, following fail links. `c` must be non-zero. */
export function step(a: Automaton, s: number, c: number): number {
  for (;;) {
    if (s === 0) {
      const r = a.rootNext[c]!;
      return r < 0 ? 0 : r;
    }
    let lo = a.edgeStart[s]!;
    let hi = a.edgeStart[s + 1]!;
    // Edges are sorted by class: binary search (some states, e.g. after 野, have hundreds of children).
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ec = a.edgeClass[mid]!;
      if (ec === c) return a.edgeNext[mid]!;
      if (ec < c) lo = mid + 1;
      else hi = mid;
    }
    s = a.fail[s]!;
  }
}

/**
 * Reading a listing defensively: any field may hold the wrong type, megabytes of text or nothing at all.
 * What cannot be read becomes a warning in the result, never an exception.
 */
import type { TextField } from '../pack/document.js';
import type { ListingWarning } from '../types.js';
import { parseLooseNumber } from '../match/numbers.js';

/** One text field of a listing as the matcher sees it. */
export interface ListingField {
  /** Evidence name: `title`, `description`, `shop`, `category` or `attributes.<key>`. */
  name: string;
  kind: TextField;
  /** The original value (a string). */
  value: string;
  /** How many UTF-16 units of it are scanned. */
  limit: number;
}

/** A listing after defensive reading. */
export interface ReadListing {
  id?: string | number;
  fields: ListingField[];
  price?: number;
  /** Attribute values by key, as text (for numeric comparisons). */
  attributes: Map<string, string>;
  warnings: ListingWarning[];
  capped: string[];
}

/** Most attributes read from one listing. */
const MAX_ATTRIBUTES = 64;

const isObj = (v: unknown): v is Record<string, unknown> => {
  try {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    // Array.isArray throws on a revoked Proxy: such a value is no object we can read.
    return false;
  }
};

/** Stands for a field whose value could not even be read (a getter or Proxy trap threw). */
const UNREADABLE = Symbol('unreadable');

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return String(v);
  return undefined;
}

/** An own property of the listing (inherited ones are not the seller's), or UNREADABLE when reading throws. */
function ownValue(input: Record<string, unknown>, k: string): unknown {
  try {
    return Object.prototype.hasOwnProperty.call(input, k) ? input[k] : undefined;
  } catch {
    return UNREADABLE;
  }
}

/** Adds a text field to `out`, or a warning when its value is not text. */
function addField(out: ReadListing, fieldCap: number, name: string, kind: TextField, raw: unknown, required = false): void {
  if (raw === undefined || raw === null) {
    if (required) out.warnings.push({ field: name, code: 'missing-title', message: 'the listing has no title' });
    return;
  }
  if (raw === UNREADABLE) {
    out.warnings.push({ field: name, code: 'wrong-type', message: `${name} could not be read` });
    return;
  }
  const text = asText(raw);
  if (text === undefined) {
    out.warnings.push({ field: name, code: 'wrong-type', message: `${name} is ${Array.isArray(raw) ? 'an array' : typeof raw}, not text` });
    return;
  }
  if (text.length === 0) return;
  const limit = Math.min(text.length, fieldCap);
  if (limit < text.length) out.capped.push(name);
  out.fields.push({ name, kind, value: text, limit });
}

/** Reads a listing; `fieldCap` is how many UTF-16 units of each text field are scanned. */
export function readListing(input: unknown, fieldCap: number): ReadListing {
  const out: ReadListing = { fields: [], attributes: new Map(), warnings: [], capped: [] };
  // A cap that is not a number (fieldCap: NaN reaches here as NaN) would scan nothing and report nothing;
  // read it as the default cap (DEFAULT_FIELD_CAP in engine.ts) so work stays bounded and text is read.
  if (!(fieldCap >= 1)) fieldCap = 65_536;
  if (!isObj(input)) {
    out.warnings.push({ field: '', code: 'not-an-object', message: 'a listing is a JSON object' });
    return out;
  }
  let id: unknown;
  try {
    id = input.id;
  } catch {
    id = undefined;
  }
  if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) out.id = id;

  addField(out, fieldCap, 'title', 'title', ownValue(input, 'title'), true);
  addField(out, fieldCap, 'description', 'description', ownValue(input, 'description'));
  addField(out, fieldCap, 'shop', 'shop', ownValue(input, 'shop'));
  addField(out, fieldCap, 'category', 'category', ownValue(input, 'category'));

  const price = ownValue(input, 'price');
  if (price !== undefined && price !== null) {
    const p = price === UNREADABLE ? undefined : parseLooseNumber(price);
    if (p === undefined) out.warnings.push({ field: 'price', code: 'wrong-type', message: 'price is not a number' });
    else out.price = p;
  }

  const attrs = ownValue(input, 'attributes');
  if (attrs !== undefined && attrs !== null) {
    // Listing keys and values of a hostile object (a Proxy, a getter) can throw; what cannot be read is a
    // warning on that attribute, and the rest of the listing is still scanned.
    let keys: string[] | undefined;
    try {
      keys = attrs !== UNREADABLE && isObj(attrs) ? Object.keys(attrs) : undefined;
    } catch {
      keys = undefined;
    }
    if (!keys) out.warnings.push({ field: 'attributes', code: 'wrong-type', message: 'attributes is not an object' });
    else {
      let n = 0;
      for (const key of keys) {
        if (n++ >= MAX_ATTRIBUTES) {
          out.capped.push('attributes');
          break;
        }
        let value: unknown;
        try {
          value = (attrs as Record<string, unknown>)[key];
        } catch {
          out.warnings.push({ field: `attributes.${key}`, code: 'wrong-type', message: `attributes.${key} could not be read` });
          continue;
        }
        const text = asText(value);
        if (text === undefined) {
          if (value !== null && value !== undefined)
            out.warnings.push({ field: `attributes.${key}`, code: 'wrong-type', message: `attributes.${key} is not text` });
          continue;
        }
        out.attributes.set(key, text);
        addField(out, fieldCap, `attributes.${key}`, 'attributes', text);
      }
    }
  }
  return out;
}

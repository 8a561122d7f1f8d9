/**
 * Where each ICCID was first seen, for the duplicate check: an open-addressing hash table
 * over row numbers in one Int32Array. A JavaScript Map of 2.4 million fresh strings took
 * about 3 s and 100 MB; this takes a tenth of both (docs/import.md, "Size and memory").
 */
export class FirstSeen {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `keyOf(row)` must stay the same for every row added. */
  constructor(
    capacity: number,
    private readonly keyOf: (row: number) => string,
  ) {
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The first row added with this key, or `row` itself (now recorded) when it is the first. */
  firstOf(key: string, row: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    // FNV's low bits barely change between sequential ICCIDs: mix the high bits down (MurmurHash3's finaliser).
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const seen = this.slots[slot]!;
      if (seen === -1) {
        this.slots[slot] = row;
        return row;
      }
      if (this.keyOf(seen) === key) return seen;
    }
  }
}

import type { RoundSides, ScoredOffer, ScoredRequest } from './criterion.js';

/** Bit sets over the values one list field takes across a round's requests and offers. */
class BitSets {
  private readonly positions = new Map<string, number>();

  constructor(lists: Iterable<readonly string[]>) {
    for (const list of lists) {
      for (const value of list) {
        if (!this.positions.has(value)) this.positions.set(value, this.positions.size);
      }
    }
  }

  /** Words per set. */
  get words(): number {
    return Math.max(1, Math.ceil(this.positions.size / 32));
  }

  /** The set of `list`, written into `into` at `offset`; false when the list repeats a value. */
  write(list: readonly string[], into: Uint32Array, offset: number): boolean {
    for (const value of list) {
      const position = this.positions.get(value) as number;
      into[offset + (position >>> 5)]! |= 1 << (position & 31);
    }
    let size = 0;
    for (let word = 0; word < this.words; word += 1) size += bitCount(into[offset + word]!);
    return size === list.length;
  }
}

function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * A round's requests and offers whose list fields become bit sets once, so a pair's shared values
 * cost a few bitwise operations instead of list searches. `exact[i]` is 0 for a request that repeats
 * a value in a list, since a bit set would count the value once.
 */
export class BitSetSides implements RoundSides {
  readonly exact: Uint8Array;

  constructor(
    readonly requests: readonly ScoredRequest[],
    readonly offers: readonly ScoredOffer[],
  ) {
    this.exact = new Uint8Array(requests.length).fill(1);
  }

  shared(
    ofRequest: (request: ScoredRequest) => readonly string[],
    ofOffer: (offer: ScoredOffer) => readonly string[],
  ): (request: number, offer: number) => number {
    const requestLists = this.requests.map(ofRequest);
    const offerLists = this.offers.map(ofOffer);
    const sets = new BitSets([...requestLists, ...offerLists]);
    const words = sets.words;
    const requests = new Uint32Array(this.requests.length * words);
    const offers = new Uint32Array(this.offers.length * words);
    requestLists.forEach((list, i) => {
      if (!sets.write(list, requests, i * words)) this.exact[i] = 0;
    });
    offerLists.forEach((list, i) => sets.write(list, offers, i * words));
    return (r, o) => {
      let count = 0;
      for (let w = 0; w < words; w += 1) count += bitCount(requests[r * words + w]! & offers[o * words + w]!);
      return count;
    };
  }
}

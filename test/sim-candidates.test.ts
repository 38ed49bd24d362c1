import { describe, expect, it } from 'vitest';
import { loadSearchSpace } from '../src/data/search-space.js';
import { Random } from '../src/random.js';
import { CandidatePool } from '../src/sim/candidates.js';

describe('candidate pool', () => {
  const space = loadSearchSpace();
  const everyone = new Uint8Array(space.size).fill(1);
  const wholeSpace = (): Uint8Array => new Uint8Array(space.size).fill(1);

  /** A pool whose region is exactly `members`, with twins excluded. */
  function poolOver(members: readonly number[]): CandidatePool {
    const pool = new CandidatePool(space, everyone, true, wholeSpace);
    const mask = new Uint8Array(space.size);
    for (const member of members) mask[member] = 1;
    pool.setRegion([], mask);
    return pool;
  }

  it('should take an architecture’s isomorphic twins with it and give them all back when its task is cancelled', () => {
    // Arrange: an architecture with twins; the region holds it and its twins.
    const architecture = [...Array(space.size).keys()].find((k) => space.isomorphicTwins(k).length >= 3)!;
    const group = space.isomorphicTwins(architecture);
    const pool = poolOver(group);
    // Act: draw one of them; every twin is taken with it, so the region is exhausted.
    const drawn = pool.draw(new Random(1))!;
    expect(group).toContain(drawn);
    for (const twin of group) expect(pool.isTaken(twin)).toBe(true);
    expect(pool.draw(new Random(2))).toBeUndefined();
    // Cancel the task: all of them come back and can be drawn again.
    pool.release(drawn);
    for (const twin of group) expect(pool.isTaken(twin)).toBe(false);
    expect(group).toContain(pool.draw(new Random(3)));
  });

  it('should never give back an architecture that is no candidate', () => {
    const architecture = [...Array(space.size).keys()].find((k) => space.isomorphicTwins(k).length >= 2)!;
    const [first, second] = space.isomorphicTwins(architecture) as [number, number];
    const candidate = new Uint8Array(space.size).fill(1);
    candidate[second] = 0; // e.g. missing an objective value
    const pool = new CandidatePool(space, candidate, true, wholeSpace);
    const mask = new Uint8Array(space.size);
    mask[first] = 1;
    mask[second] = 1;
    pool.setRegion([], mask);
    expect(pool.draw(new Random(1))).toBe(first);
    pool.release(first);
    expect(pool.isTaken(second)).toBe(true);
    expect(pool.draw(new Random(1))).toBe(first);
  });
});

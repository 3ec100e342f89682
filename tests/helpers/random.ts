/**
 * A small seeded generator for random histories: the same seed gives the same history on every run and
 * both drivers, so a failure can be replayed. `random(n)` is a whole number in [0, n).
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

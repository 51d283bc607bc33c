/**
 * `compute`, remembered per key. The keys are a handful in practice (active secrets, a sender's
 * state names); the limit only keeps a flood of odd ones from growing the cache without end:
 * once full, it starts over.
 */
export function boundedMemo<V>(compute: (key: string) => V, limit: number): (key: string) => V {
  const known = new Map<string, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value;
  };
}

/**
 * At most `concurrent` runs at once; the others wait for a slot until `until` (ms since the
 * epoch), the time their caller stops waiting: past it, a run is never started (a flood of
 * requests that gave up must not leave a backlog of reads behind it).
 */
export function slots(concurrent: number) {
  let active = 0;
  const waiting: { until: number; start: () => void; drop: () => void }[] = [];
  const next = () => {
    for (let w = waiting.shift(); w; w = waiting.shift()) {
      if (w.until > Date.now()) return w.start();
      w.drop();
    }
  };
  return <T>(run: () => Promise<T>, until: number): Promise<T> => {
    const start = () => {
      active++;
      return run().finally(() => (active--, next()));
    };
    if (active < concurrent) return start();
    return new Promise<T>((resolve, reject) =>
      waiting.push({ until, start: () => void start().then(resolve, reject), drop: () => reject(new Error("no longer waited for")) }),
    );
  };
}

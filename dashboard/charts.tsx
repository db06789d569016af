import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export type Series = { label: string; values: (number | null)[]; color: string };

const clock = (ts: number) => new Date(ts * 1000).toISOString().slice(11, 16);

/**
 * A time series chart (uPlot) over `x` (unix seconds), as wide as its box (phone width too), and
 * the same numbers as a table under it: what a screen reader, and the browser test, reads.
 */
export function Chart({ title, x, series, unit }: { title: string; x: number[]; series: Series[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  // Drawn again only when the numbers change, not on every refresh that brings the same ones.
  const numbers = JSON.stringify([x, series]);
  useEffect(() => {
    const el = box.current!;
    const plot = new uPlot(
      {
        width: el.clientWidth,
        height: 180,
        // uPlot stretches a time axis of one point over years: give it an hour either side.
        scales: { x: { time: true, range: (_, min, max) => (x.length === 1 ? [x[0]! - 3600, x[0]! + 3600] : [min, max]) } },
        axes: [{}, { label: unit, size: 60 }],
        series: [{ label: "time", value: (_, v) => (v == null ? "—" : clock(v)) }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: true, size: 6 } }))],
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 180 }));
    resize.observe(el);
    return () => (resize.disconnect(), plot.destroy());
  }, [numbers]);
  return (
    <figure class="chart" data-chart={title}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="plot" />
      <details>
        <summary>numbers</summary>
        <div class="scroll">
          <table class="series">
            <thead>
              <tr>
                <th>start (UTC)</th>
                {series.map((s) => (
                  <th>{s.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {x.map((t, i) => (
                <tr data-start={t}>
                  <td>{new Date(t * 1000).toISOString().replace(".000Z", "Z")}</td>
                  {series.map((s) => (
                    <td data-series={s.label}>{s.values[i] ?? "—"}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

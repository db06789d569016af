import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export type Series = { label: string; values: (number | null)[]; color: string };

const clock = (ts: number) => new Date(ts * 1000).toISOString().slice(11, 16);

/**
 * A chart (uPlot) over `x`, unix seconds or block numbers, as wide as its box (phone width too),
 * and the same numbers as a table under it: what a screen reader, and the browser test, reads.
 * `stepped` draws each value until the next (a balance, voting power).
 */
export function Chart({
  title,
  x,
  series,
  unit,
  xKind = "time",
  stepped = false,
}: {
  title: string;
  x: number[];
  series: Series[];
  unit: string;
  xKind?: "time" | "block";
  stepped?: boolean;
}) {
  const time = xKind === "time";
  const box = useRef<HTMLDivElement>(null);
  // Drawn again only when the numbers change, not on every refresh that brings the same ones.
  const numbers = JSON.stringify([x, series]);
  useEffect(() => {
    const el = box.current!;
    const plot = new uPlot(
      {
        width: el.clientWidth,
        height: 180,
        // uPlot stretches an axis of one point over years: give it an hour (or a block) either side.
        scales: { x: { time, range: (_, min, max) => (x.length === 1 ? [x[0]! - (time ? 3600 : 1), x[0]! + (time ? 3600 : 1)] : [min, max]) } },
        // A block axis has whole blocks only.
        axes: [time ? {} : { values: (_, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : "")) }, { label: unit, size: 72 }],
        series: [
          { label: time ? "time" : "block", value: (_, v) => (v == null ? "—" : time ? clock(v) : String(v)) },
          ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: true, size: 6 }, ...(stepped && { paths: uPlot.paths.stepped!({ align: 1 }) }) })),
        ],
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
                <th>{time ? "start (UTC)" : "block"}</th>
                {series.map((s) => (
                  <th>{s.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {x.map((t, i) => (
                <tr data-start={t}>
                  <td>{time ? new Date(t * 1000).toISOString().replace(".000Z", "Z") : t}</td>
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

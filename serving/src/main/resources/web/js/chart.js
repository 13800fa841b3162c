// The spread chart: one box per statistics row (min–max whisker, p25–p75 box, median mark), in plain SVG.
import { money } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
const WIDTH = 720;
const LEFT = 330;
const RIGHT = 50;
const ROW = 30;
const TOP = 10;
const AXIS = 34;

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    el.setAttribute(k, String(v));
  }
  for (const c of children) {
    el.append(c);
  }
  return el;
}

/** A label that fits left of the boxes (the whole one is in each box's title and in the figures' table). */
function short(label) {
  return label.length > 52 ? `${label.slice(0, 51)}…` : label;
}

/**
 * An SVG of `rows` (statistics: min, p25, median, p75, max), each labelled by `label(row)`. The scale is
 * logarithmic when the amounts span more than a factor of 50 (a visit and an inpatient stay on one chart).
 * Each box carries its figures as data attributes, exactly as the API gave them.
 */
export function spreadChart(rows, label, caption) {
  const lo = Math.min(...rows.map((r) => r.min));
  const hi = Math.max(...rows.map((r) => r.max));
  const log = lo > 0 && hi / lo > 50;
  const f = log ? Math.log10 : (v) => v;
  const a = f(lo);
  const b = f(hi) === a ? a + 1 : f(hi);
  const x = (v) => LEFT + ((f(v) - a) / (b - a)) * (WIDTH - LEFT - RIGHT);
  const height = TOP + rows.length * ROW + AXIS;
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": "chart-title", class: "chart" },
    s("title", { id: "chart-title" }, caption));
  rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const g = s("g", {
      class: "box", "data-min": r.min, "data-p25": r.p25, "data-median": r.median, "data-p75": r.p75, "data-max": r.max,
      "data-hospitals": r.hospitals, "data-rates": r.rates, "data-label": label(r),
    });
    g.append(
      s("title", {}, `${label(r)}: min ${money(r.min)}, p25 ${money(r.p25)}, median ${money(r.median)}, `
        + `p75 ${money(r.p75)}, max ${money(r.max)}; ${r.rates} rates at ${r.hospitals} hospitals`),
      s("text", { x: LEFT - 8, y: y + 4, "text-anchor": "end", class: "label" }, short(label(r))),
      s("line", { x1: x(r.min), x2: x(r.max), y1: y, y2: y, class: "whisker" }),
      s("rect", { x: x(r.p25), y: y - 8, width: Math.max(1, x(r.p75) - x(r.p25)), height: 16, class: "iqr" }),
      s("line", { x1: x(r.median), x2: x(r.median), y1: y - 10, y2: y + 10, class: "median" }));
    svg.append(g);
  });
  const axisY = TOP + rows.length * ROW + 6;
  svg.append(s("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: axisY, y2: axisY, class: "axis" }));
  for (const v of [lo, log ? Math.sqrt(lo * hi) : (lo + hi) / 2, hi]) {
    svg.append(s("text", { x: x(v), y: axisY + 16, "text-anchor": "middle", class: "tick" }, money(v)));
  }
  svg.append(s("text", { x: WIDTH - RIGHT, y: axisY + 28, "text-anchor": "end", class: "tick" },
    log ? "dollars, logarithmic scale" : "dollars"));
  return svg;
}

// The explorer's charts, in plain SVG: a box per statistics row (min–max whisker, p25–p75 box, median mark), and a
// dot per hospital (its median, its min–max as a line). Both share the row layout, the scale and the axis.
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

/** A label that fits left of the marks (the whole one is in each row's title and in the figures' table). */
function short(label) {
  return label.length > 46 ? `${label.slice(0, 45)}…` : label;
}

/**
 * An SVG with a row per item of `rows`, labelled by `label(row)`, on one dollar scale from the least `low(row)` to the
 * greatest `high(row)`; `title(row)` is the row's figures in words (its tooltip and accessible name), `draw(row, x, y)`
 * returns its marks and `figures(row)` its data attributes. The scale is logarithmic when the amounts span more than a
 * factor of 50 (a visit and an inpatient stay on one chart).
 */
function rowsChart(id, rows, { label, low, high, title, draw, figures, caption }) {
  const lo = Math.min(...rows.map(low));
  const hi = Math.max(...rows.map(high));
  const log = lo > 0 && hi / lo > 50;
  const f = log ? Math.log10 : (v) => v;
  const a = f(lo);
  const b = f(hi) === a ? a + 1 : f(hi);
  const x = (v) => LEFT + ((f(v) - a) / (b - a)) * (WIDTH - LEFT - RIGHT);
  const height = TOP + rows.length * ROW + AXIS;
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": `${id}-title`, class: "chart" },
    s("title", { id: `${id}-title` }, caption));
  rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const g = s("g", { ...figures(r), "data-label": label(r) });
    g.append(s("title", {}, title(r)),
      s("text", { x: LEFT - 8, y: y + 4, "text-anchor": "end", class: "label" }, short(label(r))), ...draw(r, x, y));
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

/** Box plots of `rows` (statistics: min, p25, median, p75, max); each box carries the API's figures as data attributes. */
export function spreadChart(rows, label, caption) {
  return rowsChart("spread", rows, {
    label, caption, low: (r) => r.min, high: (r) => r.max,
    figures: (r) => ({ class: "box", "data-min": r.min, "data-p25": r.p25, "data-median": r.median, "data-p75": r.p75,
      "data-max": r.max, "data-hospitals": r.hospitals, "data-rates": r.rates }),
    title: (r) => `${label(r)}: min ${money(r.min)}, p25 ${money(r.p25)}, median ${money(r.median)}, `
      + `p75 ${money(r.p75)}, max ${money(r.max)}; ${r.rates} rates at ${r.hospitals} hospitals`,
    draw: (r, x, y) => [
      s("line", { x1: x(r.min), x2: x(r.max), y1: y, y2: y, class: "whisker" }),
      s("rect", { x: x(r.p25), y: y - 8, width: Math.max(1, x(r.p75) - x(r.p25)), height: 16, class: "iqr" }),
      s("line", { x1: x(r.median), x2: x(r.median), y1: y - 10, y2: y + 10, class: "median" })],
  });
}

/** A dot plot of `rows` (a hospital's prices of one group: negotiated min, median, max), one row per hospital and group. */
export function hospitalChart(rows, label, caption) {
  return rowsChart("per-hospital", rows, {
    label, caption, low: (r) => r.negotiated_min, high: (r) => r.negotiated_max,
    figures: (r) => ({ class: "dot", "data-hospital": r.hospital_id, "data-min": r.negotiated_min,
      "data-median": r.negotiated_median, "data-max": r.negotiated_max, "data-rates": r.dollar_rates }),
    title: (r) => `${label(r)}: median ${money(r.negotiated_median)} of ${r.dollar_rates} published dollars, `
      + `min ${money(r.negotiated_min)}, max ${money(r.negotiated_max)}`,
    draw: (r, x, y) => [
      s("line", { x1: x(r.negotiated_min), x2: x(r.negotiated_max), y1: y, y2: y, class: "whisker" }),
      s("circle", { cx: x(r.negotiated_median), cy: y, r: 6, class: "median-dot" })],
  });
}

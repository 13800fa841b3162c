// Building the page: elements from plain values (text is always text, never HTML), tables, money and dates.

/** An element: `h("a", {href: "#"}, "text", child, …)`; attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k.startsWith("on")) {
      el.addEventListener(k.slice(2), v);
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else {
      el.append(c instanceof Node ? c : String(c));
    }
  }
}

/** A table with a caption: `columns` are [heading, (row) => cell] pairs; each row a `tr` with `rowAttrs(row)`. */
export function table(caption, columns, rows, rowAttrs) {
  return h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": caption },
    h("table", {},
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, columns.map(([name]) => h("th", { scope: "col" }, name)))),
      h("tbody", {}, rows.length === 0
        ? h("tr", {}, h("td", { colspan: columns.length }, "Nothing matches."))
        : rows.map((r) => h("tr", rowAttrs ? rowAttrs(r) : {}, columns.map(([, cell]) => h("td", {}, cell(r))))))));
}

const DOLLARS = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });

/** A dollar amount as the page shows it ($1,234.57), or an empty string for none. */
export function money(n) {
  return n === null || n === undefined ? "" : DOLLARS.format(n);
}

export function text(v) {
  return v === null || v === undefined ? "" : String(v);
}

/** A label and a control bound to it. */
export function field(label, control) {
  control.id = control.id || `f-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control);
}

export function select(name, options, value) {
  return h("select", { name }, options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)));
}

/** Offers `blob` as a file download named `name`. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

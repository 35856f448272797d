// Building the DOM without HTML strings: every piece of text goes through
// textContent, so that what strangers wrote is shown, never run.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    } else if (key === "class") {
      el.className = String(value);
    } else if (key === "href" || key === "src") {
      throw new Error("use link() for links");
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

// A link inside tribu (hash routes).
export function nav(route: string, ...children: Child[]): HTMLAnchorElement {
  const a = h("a", {}, ...children);
  a.href = "#" + route;
  return a;
}

// A link a stranger gave: shown as text, followed only when the person
// clicks it, only for http(s), in a new tab that cannot reach back.
export function externalLink(url: string, label?: string): HTMLElement {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    return h("span", { class: "muted" }, label ?? url);
  }
  const a = h("a", { rel: "noopener noreferrer nofollow ugc", target: "_blank" }, label ?? parsed.href);
  a.href = parsed.href;
  return a;
}

// Explicit direction controls (embeddings, overrides, isolates): what
// spoofs "gnp.exe" into "exe.png". Shown as a visible mark instead.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

// Text written by a stranger: isolated from the text around it, its direction
// controls made visible, so that it can neither reorder the page nor disguise
// itself.
export function userText(text: string, tag: "bdi" | "p" | "span" = "bdi"): HTMLElement {
  const el = document.createElement(tag === "p" ? "p" : "bdi");
  el.className = "user-text";
  el.setAttribute("dir", "auto");
  if (BIDI_CONTROLS.test(text)) {
    BIDI_CONTROLS.lastIndex = 0;
    el.classList.add("bidi-controls");
    el.title = "⚠ direction controls (U+202A–U+202E, U+2066–U+2069) shown as ⁞";
    el.textContent = text.replace(BIDI_CONTROLS, "⁞");
  } else {
    el.textContent = text;
  }
  return el;
}

export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.id || "f" + Math.random().toString(36).slice(2, 9);
  input.id = id;
  const l = h("label", {}, label);
  l.htmlFor = id;
  const wrap = h("div", { class: "field" }, l, input);
  if (hint) {
    const hintEl = h("div", { class: "hint", id: id + "-hint" }, hint);
    input.setAttribute("aria-describedby", hintEl.id);
    wrap.appendChild(hintEl);
  }
  return wrap;
}

export function select(options: Array<[string, string]>, value: string, attrs: Attrs = {}): HTMLSelectElement {
  const s = h("select", attrs);
  for (const [v, label] of options) {
    const o = h("option", { value: v }, label);
    if (v === value) o.selected = true;
    s.appendChild(o);
  }
  return s;
}

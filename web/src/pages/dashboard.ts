// The listening dashboard: figures over a chosen period and the live stream
// of matched posts (server-sent events).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { get, Post, query, Topic } from "../api";
import { errorBox, state } from "../app";
import { clear, h, select, userText } from "../dom";
import { formatDay, formatHour, formatNumber, formatPercent, t, tr, zone } from "../i18n";
import { postCard } from "../posts";

interface Stats {
  interval: "hour" | "day";
  total: number;
  negative: number;
  positive: number;
  neutral: number;
  sentiment: number | null;
  series: Array<{ start: string; posts: number; negative: number; positive: number; neutral: number; sentiment: number | null }>;
  share_of_voice: Array<{ id: number; name: string; kind: string; color: string; posts: number }>;
  platforms: Array<{ platform: string; posts: number }>;
  languages: Array<{ lang: string; posts: number }>;
  top_authors: Array<{ platform: string; handle: string; display_name: string; followers: number; posts: number }>;
  top_terms: Array<{ term: string; posts: number }>;
  top_hashtags: Array<{ term: string; posts: number }>;
}

const RANGES: Array<[string, number]> = [
  ["24h", 1],
  ["7d", 7],
  ["30d", 30],
  ["90d", 90],
];

let stream: EventSource | null = null;
const charts: uPlot[] = [];

export function leaveDashboard(): void {
  stream?.close();
  stream = null;
  for (const c of charts.splice(0)) c.destroy();
}

function card(title: string, body: HTMLElement, extra = ""): HTMLElement {
  return h("section", { class: "card " + extra, "aria-label": title }, h("h2", {}, title), body);
}

function bars(rows: Array<{ label: string | HTMLElement; value: number; color?: string; note?: string }>): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const list = h("ol", { class: "bars" });
  for (const r of rows) {
    const bar = h("span", { class: "bar" });
    bar.style.width = `${(100 * r.value) / max}%`;
    if (r.color && /^#[0-9a-fA-F]{6}$/.test(r.color)) bar.style.background = r.color;
    list.appendChild(
      h(
        "li",
        {},
        h("span", { class: "bar-label" }, typeof r.label === "string" ? userText(r.label) : r.label),
        h("span", { class: "bar-track", "aria-hidden": "true" }, bar),
        h("span", { class: "bar-value" }, formatNumber(r.value), r.note ? " " + r.note : ""),
      ),
    );
  }
  if (!rows.length) list.appendChild(h("li", { class: "muted" }, t("dash.empty")));
  return list;
}

function chart(container: HTMLElement, stats: Stats, kind: "volume" | "sentiment"): void {
  const xs = stats.series.map((b) => new Date(b.start).getTime() / 1000);
  const fmt = (v: number) => (stats.interval === "hour" ? formatHour : formatDay)(new Date(v * 1000));
  const width = Math.max(280, container.clientWidth - 8);
  // One tick per bucket, thinned to about ten, so that days are not repeated.
  const step = Math.max(1, Math.ceil(xs.length / 10));
  const ticks = xs.filter((_x, i) => i % step === 0);
  const axes: uPlot.Axis[] = [{ splits: () => ticks, values: (_u, vals) => vals.map(fmt) }, {}];
  const x: uPlot.Series = { label: t("dash.range"), value: (_u, v) => (v === null ? "–" : fmt(v)) };
  let opts: uPlot.Options;
  let data: uPlot.AlignedData;
  if (kind === "volume") {
    data = [xs, stats.series.map((b) => b.posts), stats.series.map((b) => b.negative)];
    opts = {
      width,
      height: 220,
      axes,
      scales: { x: { time: false } },
      series: [
        x,
        { label: t("dash.total"), stroke: "#3b4cca", fill: "rgba(59,76,202,0.12)", width: 2 },
        { label: t("dash.negative"), stroke: "#c0392b", width: 2 },
      ],
    };
  } else {
    data = [xs, stats.series.map((b) => (b.sentiment === null ? null : Math.round(b.sentiment * 100) / 100))] as uPlot.AlignedData;
    opts = {
      width,
      height: 220,
      axes,
      scales: { x: { time: false }, y: { range: [-1, 1] } },
      series: [x, { label: t("dash.sentiment"), stroke: "#2a9d8f", width: 2, spanGaps: true }],
    };
  }
  const table = h("table", { class: "sr-only" });
  for (let i = 0; i < xs.length; i++) {
    table.appendChild(h("tr", {}, h("th", {}, fmt(xs[i])), h("td", {}, String(data[1][i] ?? "–"))));
  }
  container.appendChild(table);
  charts.push(new uPlot(opts, data, container));
}

function kpis(stats: Stats): HTMLElement {
  const share = (n: number) => (stats.total ? formatPercent(n / stats.total) : "–");
  const net = stats.total ? (stats.positive - stats.negative) / stats.total : 0;
  return h(
    "div",
    { class: "kpis" },
    h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("dash.total")), h("div", { class: "kpi-value", "data-kpi": "total" }, formatNumber(stats.total))),
    h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("dash.sentiment")), h("div", { class: "kpi-value " + (net < 0 ? "neg" : "pos") }, (net > 0 ? "+" : "") + formatPercent(net))),
    h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("dash.negative")), h("div", { class: "kpi-value neg" }, share(stats.negative))),
    h("div", { class: "kpi" }, h("div", { class: "kpi-label" }, t("dash.positive")), h("div", { class: "kpi-value pos" }, share(stats.positive))),
  );
}

export async function dashboardPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  leaveDashboard();
  const ws = state.workspace!;
  const base = "/api/workspaces/" + encodeURIComponent(ws.slug);
  const range = params.get("range") ?? "7d";
  const topicId = params.get("topic") ?? "";
  const topics: Topic[] = (await get<{ topics: Topic[] }>(base + "/topics")).topics;
  const topicMap = new Map(topics.map((tp) => [tp.id, tp]));

  const rangeSelect = select(RANGES.map(([k]) => [k, tr("dash.range." + k)] as [string, string]), range, { "aria-label": t("dash.range") });
  const topicSelect = select([["", t("dash.topic.all")], ...topics.map((tp) => [String(tp.id), tp.name] as [string, string])], topicId, { "aria-label": t("dash.topic") });
  const update = () => {
    location.hash = "#/w/" + encodeURIComponent(ws.slug) + query({ range: rangeSelect.value, topic: topicSelect.value });
  };
  rangeSelect.addEventListener("change", update);
  topicSelect.addEventListener("change", update);

  clear(main);
  const body = h("div", { class: "dashboard" }, h("p", { class: "muted" }, t("common.loading")));
  main.append(
    h("div", { class: "page-head" }, h("h1", {}, t("dash.title")), h("div", { class: "filters" }, rangeSelect, topicSelect)),
    body,
  );

  const days = RANGES.find(([k]) => k === range)?.[1] ?? 7;
  const until = new Date();
  const since = new Date(until.getTime() - days * 86400_000);
  let stats: Stats;
  try {
    stats = await get<Stats>(base + "/stats" + query({ since: since.toISOString(), until: until.toISOString(), topic: topicId, tz: zone() }));
  } catch (e) {
    clear(body);
    body.appendChild(errorBox(e));
    return;
  }
  clear(body);
  const volume = h("div", { class: "chart" });
  const sentiment = h("div", { class: "chart" });
  const live = h("div", { class: "live-list", "aria-live": "polite" }, h("p", { class: "muted waiting" }, t("dash.live.waiting")));
  const liveStatus = h("span", { class: "live-status" }, t("dash.live.disconnected"));
  body.append(
    kpis(stats),
    h(
      "div",
      { class: "grid" },
      card(t("dash.volume"), volume, "wide"),
      card(t("dash.live"), h("div", {}, liveStatus, live), "live"),
      card(t("dash.sentiment_over_time"), sentiment, "wide"),
      card(t("dash.share_of_voice"), bars(stats.share_of_voice.map((s) => ({ label: s.name, value: s.posts, color: s.color, note: tr("topics.kind." + s.kind) })))),
      card(t("dash.top_terms"), bars(stats.top_terms.map((x) => ({ label: x.term, value: x.posts })))),
      card(t("dash.top_hashtags"), bars(stats.top_hashtags.map((x) => ({ label: x.term, value: x.posts })))),
      card(
        t("dash.top_authors"),
        bars(
          stats.top_authors.map((a) => ({
            label: h("span", {}, userText(a.display_name || a.handle), " ", h("span", { class: "muted" }, a.platform)),
            value: a.posts,
            note: "· " + formatNumber(a.followers) + " " + t("dash.followers"),
          })),
        ),
      ),
      card(t("dash.platforms"), bars(stats.platforms.map((x) => ({ label: x.platform, value: x.posts })))),
      card(t("dash.languages"), bars(stats.languages.map((x) => ({ label: x.lang, value: x.posts })))),
    ),
  );
  chart(volume, stats, "volume");
  chart(sentiment, stats, "sentiment");

  // Live: matched posts as they are stored.
  const url = "/api/stream" + query({ workspace: ws.slug, topic: topicId || undefined, new: "true" });
  stream = new EventSource(url);
  stream.addEventListener("open", () => {
    liveStatus.textContent = t("dash.live.connected");
    liveStatus.classList.add("on");
  });
  stream.addEventListener("error", () => {
    liveStatus.textContent = t("dash.live.disconnected");
    liveStatus.classList.remove("on");
  });
  stream.addEventListener("post", (ev) => {
    let p: Post;
    try {
      p = JSON.parse((ev as MessageEvent).data);
    } catch {
      return;
    }
    if (!topicId && (!p.topics || p.topics.length === 0)) return;  // matched posts only
    live.querySelector(".waiting")?.remove();
    live.prepend(postCard(p, topicMap, true));
    while (live.childElementCount > 50) live.lastElementChild?.remove();
  });
}

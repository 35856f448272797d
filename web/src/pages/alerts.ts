// Alerts: the list (live), each alert with its evidence, chart and history,
// handling them, and the rules and destinations behind them.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { del, get, patch, Post, post, query, Topic } from "../api";
import { can, errorBox, state } from "../app";
import { clear, field, h, nav, select, userText } from "../dom";
import { formatDateTime, formatHour, formatNumber, t, tr } from "../i18n";
import { postCard } from "../posts";

export interface Alert {
  id: number;
  topic_id: number | null;
  topics: number[];
  detectors: string[];
  rules: number[];
  severity: "info" | "warning" | "critical";
  state: "open" | "acknowledged" | "resolved";
  title: string;
  summary: string;
  figure: number;
  baseline: number;
  unit: string;
  evidence: number[];
  terms: string[];
  chart: Array<{ at: string; value: number; expected: number }>;
  chart_unit: string;
  triggers: number;
  assignee: number | null;
  resolution: string;
  opened_at: string;
  updated_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  event?: string;
}

interface AlertDetail extends Alert {
  posts: Post[];
  history: Array<{ id: number; at: string; kind: string; actor: string; detail: string }>;
  deliveries: Array<{ id: number; destination_id: number; event: string; state: string; attempts: number; last_error: string; next_attempt_at: string; sent_at: string | null }>;
}

interface Rule {
  id: number;
  name: string;
  detector: string;
  topics: number[];
  sensitivity: string;
  threshold: number | null;
  severity: string;
  quiet_hours: { start: string; end: string } | null;
  destinations: number[];
  enabled: boolean;
}

interface Destination {
  id: number;
  name: string;
  kind: string;
  recipients: string;
  url_hint: string;
  has_secret: boolean;
  enabled: boolean;
  broken: boolean;
  last_error: string;
  last_success_at: string | null;
}

const DETECTORS = ["volume_spike", "sentiment_shift", "risky_post", "influential_author", "emerging_term"];
const KINDS = ["slack", "mattermost", "discord", "teams", "webhook", "email"];

let stream: EventSource | null = null;
const charts: uPlot[] = [];

export function leaveAlerts(): void {
  stream?.close();
  stream = null;
  for (const c of charts.splice(0)) c.destroy();
}

function base(): string {
  return "/api/workspaces/" + encodeURIComponent(state.workspace!.slug);
}

// "Volume spike and sentiment shift · Velora", in the reader's language.
export function alertTitle(a: Alert, topics: Map<number, Topic>): string {
  const what = a.detectors.map((d) => tr("alerts.detector." + d)).join(" + ");
  const where = a.topics.map((id) => topics.get(id)?.name).filter(Boolean).join(", ");
  return what + " · " + (where || t("alerts.workspace_wide"));
}

function figureLine(a: Alert): string {
  if (!a.unit) return "";
  const unit = tr("alerts.unit." + a.unit);
  const f = (v: number) => formatNumber(Math.round(v * 10) / 10);
  return `${f(a.figure)} ${unit} — ${t("alerts.usual")} ${f(a.baseline)}`;
}

function triggers(n: number): string {
  return formatNumber(n) + " " + (n === 1 ? t("alerts.trigger") : t("alerts.triggers"));
}

function badge(a: Alert): HTMLElement {
  return h("span", { class: "badge " + a.severity }, tr("alerts.severity." + a.severity));
}

async function topicMap(): Promise<Map<number, Topic>> {
  const list = (await get<{ topics: Topic[] }>(base() + "/topics")).topics;
  return new Map(list.map((x) => [x.id, x]));
}

export async function alertsPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  leaveAlerts();
  const topics = await topicMap();
  const filter = params.get("state") ?? "active";
  clear(main);
  const live = h("span", { class: "live-status", role: "status" }, t("dash.live.disconnected"));
  const stateSelect = select(
    ["active", "open", "acknowledged", "resolved", "all"].map((s) => [s, tr("alerts.filter." + s)] as [string, string]),
    filter,
    { "aria-label": t("alerts.filter") },
  );
  stateSelect.addEventListener("change", () => {
    location.hash = "#/w/" + encodeURIComponent(state.workspace!.slug) + "/alerts" + query({ state: stateSelect.value });
  });
  main.append(h("div", { class: "page-head" }, h("h1", {}, t("alerts.title")), stateSelect, live));
  const list = h("ol", { class: "alert-list", "aria-live": "polite" });
  main.append(h("section", { class: "card", "aria-label": t("alerts.title") }, list));

  const fill = async (freshId?: number) => {
    const q = query({ state: filter === "all" ? undefined : filter, limit: 100 });
    const alerts = (await get<{ alerts: Alert[] }>(base() + "/alerts" + q)).alerts;
    clear(list);
    for (const a of alerts) list.append(alertRow(a, topics, a.id === freshId));
    if (!alerts.length) list.append(h("li", { class: "muted" }, t("alerts.none")));
  };
  await fill();

  stream = new EventSource("/api/alerts/stream" + query({ workspace: state.workspace!.slug }));
  stream.addEventListener("open", () => {
    live.textContent = t("dash.live.connected");
    live.classList.add("on");
  });
  stream.addEventListener("error", () => {
    live.textContent = t("dash.live.disconnected");
    live.classList.remove("on");
  });
  stream.addEventListener("alert", (e) => {
    const a = JSON.parse((e as MessageEvent).data) as Alert;
    void fill(a.id);
  });

  if (can("handle_alerts") || can("manage_alerts")) main.append(await destinationsCard(main, params));
  main.append(await rulesCard(topics, main, params));
}

function alertRow(a: Alert, topics: Map<number, Topic>, fresh: boolean): HTMLElement {
  const link = nav("/w/" + encodeURIComponent(state.workspace!.slug) + "/alerts/" + a.id, userText(alertTitle(a, topics)));
  return h(
    "li",
    { class: "alert-row " + a.state + (fresh ? " fresh" : ""), "data-alert-id": a.id },
    badge(a),
    h("div", { class: "alert-main" }, h("div", { class: "alert-title" }, link), h("div", { class: "muted" }, figureLine(a))),
    h("div", { class: "alert-meta" }, h("span", { class: "state " + a.state }, tr("alerts.state." + a.state)), h("time", { datetime: a.opened_at }, formatDateTime(a.opened_at)), h("span", { class: "muted" }, triggers(a.triggers))),
  );
}

export async function alertPage(main: HTMLElement, id: string): Promise<void> {
  leaveAlerts();
  const [topics, a] = await Promise.all([topicMap(), get<AlertDetail>(base() + "/alerts/" + encodeURIComponent(id))]);
  clear(main);
  const back = nav("/w/" + encodeURIComponent(state.workspace!.slug) + "/alerts", "← " + t("alerts.title"));
  main.append(h("p", {}, back));
  main.append(h("div", { class: "page-head" }, h("h1", {}, userText(alertTitle(a, topics))), badge(a), h("span", { class: "state " + a.state }, tr("alerts.state." + a.state))));

  const facts = h(
    "dl",
    { class: "facts" },
    h("dt", {}, t("alerts.figure")),
    h("dd", { "data-figure": "" }, figureLine(a)),
    h("dt", {}, t("alerts.opened")),
    h("dd", {}, formatDateTime(a.opened_at)),
    h("dt", {}, t("alerts.updated")),
    h("dd", {}, formatDateTime(a.updated_at) + " · " + triggers(a.triggers)),
  );
  if (a.terms.length) {
    facts.append(h("dt", {}, t("alerts.terms")), h("dd", {}, h("div", { class: "chips" }, ...a.terms.map((x) => h("span", { class: "chip" }, userText(tr("alerts.signal." + x) === "alerts.signal." + x ? x : tr("alerts.signal." + x)))))));
  }
  if (a.resolution) facts.append(h("dt", {}, t("alerts.resolution")), h("dd", {}, userText(a.resolution)));
  main.append(h("section", { class: "card", "aria-label": t("alerts.figure") }, facts, actions(a)));

  if (a.chart.length > 1) {
    const box = h("div", { class: "chart" });
    main.append(h("section", { class: "card", "aria-label": t("alerts.chart") }, h("h2", {}, t("alerts.chart")), box));
    const xs = a.chart.map((p) => new Date(p.at).getTime() / 1000);
    const data: uPlot.AlignedData = [xs, a.chart.map((p) => p.value), a.chart.map((p) => Math.round(p.expected * 10) / 10)];
    const fmt = (v: number) => formatHour(new Date(v * 1000));
    charts.push(
      new uPlot(
        {
          width: Math.max(280, box.clientWidth - 8),
          height: 200,
          scales: { x: { time: false } },
          axes: [{ splits: () => xs.filter((_x, i) => i % 3 === 0), values: (_u, vals) => vals.map(fmt) }, {}],
          series: [
            { label: t("alerts.hour"), value: (_u, v) => (v === null ? "–" : fmt(v)) },
            { label: tr("alerts.unit." + (a.chart_unit || "posts/h")), stroke: "#c0392b", width: 2 },
            { label: t("alerts.usual_label"), stroke: "#7a8599", dash: [6, 4], width: 2 },
          ],
        },
        data,
        box,
      ),
    );
    const table = h("table", { class: "sr-only" });
    a.chart.forEach((p) => table.append(h("tr", {}, h("th", {}, formatDateTime(p.at)), h("td", {}, String(p.value)), h("td", {}, String(p.expected)))));
    box.append(table);
  }

  // The most telling first; the rest on demand.
  const evidence = h("div", { class: "posts" });
  const shown = 12;
  for (const p of a.posts.slice(0, shown)) evidence.append(postCard(p, topics));
  if (a.posts.length > shown) {
    const more = h("button", { type: "button" }, t("alerts.more_posts") + " (" + formatNumber(a.posts.length - shown) + ")");
    more.addEventListener("click", () => {
      for (const p of a.posts.slice(shown)) evidence.append(postCard(p, topics));
      more.remove();
    });
    evidence.append(more);
  }
  main.append(h("section", { class: "card", "aria-label": t("alerts.evidence") }, h("h2", {}, t("alerts.evidence")), a.posts.length ? evidence : h("p", { class: "muted" }, t("alerts.no_posts"))));

  if (a.deliveries.length) main.append(deliveriesCard(a, main, id));

  const history = h("ol", { class: "history" });
  for (const e of a.history) {
    history.append(h("li", {}, h("time", { datetime: e.at }, formatDateTime(e.at)), " ", h("strong", {}, tr("alerts.event." + e.kind)), " — ", userText(e.detail), " ", h("span", { class: "muted" }, userText(e.actor))));
  }
  main.append(h("section", { class: "card", "aria-label": t("alerts.history") }, h("h2", {}, t("alerts.history")), history));
}

function actions(a: Alert): HTMLElement {
  const box = h("div", { class: "row wrap actions" });
  if (!can("handle_alerts")) return box;
  const status = h("div", { role: "status" });
  const url = base() + "/alerts/" + a.id;
  const act = (label: string, body: Record<string, unknown>, cls = "") => {
    const b = h("button", { type: "button", class: cls }, label);
    b.addEventListener("click", async () => {
      try {
        await patch(url, body);
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    });
    return b;
  };
  if (a.state === "open") box.append(act(t("alerts.acknowledge"), { state: "acknowledged" }, "primary"));
  if (a.state !== "resolved") {
    const note = h("input", { type: "text", maxlength: 2000, placeholder: t("alerts.resolution.placeholder") });
    const resolve = h("button", { type: "button" }, t("alerts.resolve"));
    resolve.addEventListener("click", async () => {
      try {
        await patch(url, { state: "resolved", resolution: note.value });
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    });
    box.append(field(t("alerts.resolution"), note), resolve);
  } else {
    box.append(act(t("alerts.reopen"), { state: "open" }));
  }
  // Assign to a member.
  void get<{ members: Array<{ id: number; email: string; display_name: string }> }>(base() + "/members").then((m) => {
    const options: Array<[string, string]> = [["", t("alerts.unassigned")], ...m.members.map((x) => [String(x.id), x.display_name || x.email] as [string, string])];
    const who = select(options, a.assignee ? String(a.assignee) : "", {});
    who.addEventListener("change", async () => {
      try {
        await patch(url, { assignee: who.value ? Number(who.value) : null });
        status.replaceChildren(h("span", { class: "ok" }, t("alerts.assigned")));
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    });
    box.append(field(t("alerts.assignee"), who));
  });
  box.append(status);
  return box;
}

function deliveriesCard(a: AlertDetail, main: HTMLElement, id: string): HTMLElement {
  const rows = h("tbody");
  for (const d of a.deliveries) {
    const retry = h("td", {});
    if (d.state === "failed" && can("handle_alerts")) {
      const b = h("button", { type: "button" }, t("alerts.retry"));
      b.addEventListener("click", async () => {
        await post(base() + "/alerts/" + a.id + "/deliveries/" + d.id + "/retry");
        await alertPage(main, id);
      });
      retry.append(b);
    }
    rows.append(
      h(
        "tr",
        {},
        h("td", {}, "#" + d.destination_id),
        h("td", {}, tr("alerts.event." + d.event)),
        h("td", {}, h("span", { class: "health " + (d.state === "sent" ? "ok" : d.state === "failed" ? "error" : "retrying") }, tr("alerts.delivery." + d.state))),
        h("td", { class: "num" }, String(d.attempts)),
        h("td", {}, d.sent_at ? formatDateTime(d.sent_at) : d.state === "pending" ? t("alerts.next") + " " + formatDateTime(d.next_attempt_at) : "–"),
        h("td", { class: "error-cell" }, userText(d.last_error)),
        retry,
      ),
    );
  }
  const head = h("thead", {}, h("tr", {}, ...[t("alerts.destination"), t("alerts.event"), t("alerts.delivery"), t("alerts.attempts"), t("alerts.when"), t("channels.error"), ""].map((x) => h("th", { scope: "col" }, x))));
  return h("section", { class: "card scroll", "aria-label": t("alerts.deliveries") }, h("h2", {}, t("alerts.deliveries")), h("table", { class: "table" }, head, rows));
}

async function destinationsCard(main: HTMLElement, params: URLSearchParams): Promise<HTMLElement> {
  const url = base() + "/alert-destinations";
  const list = (await get<{ destinations: Destination[] }>(url)).destinations;
  const manage = can("manage_alerts");
  const rows = h("tbody");
  for (const d of list) {
    const acts = h("td", { class: "actions" });
    const status = h("span", { role: "status" });
    if (manage) {
      const test = h("button", { type: "button" }, t("alerts.test"));
      test.addEventListener("click", async () => {
        status.textContent = "…";
        const r = await post<{ sent: boolean; error?: string }>(url + "/" + d.id + "/test");
        status.textContent = r.sent ? t("alerts.test.sent") : t("alerts.test.failed") + " " + (r.error ?? "");
      });
      const remove = h("button", { type: "button", class: "danger" }, t("channels.remove"));
      remove.addEventListener("click", async () => {
        if (!confirm(t("alerts.destination.remove.confirm"))) return;
        await del(url + "/" + d.id);
        await alertsPage(main, params);
      });
      acts.append(test, remove, status);
    }
    rows.append(
      h(
        "tr",
        {},
        h("th", { scope: "row" }, userText(d.name)),
        h("td", {}, tr("alerts.kind." + d.kind)),
        h("td", {}, userText(d.kind === "email" ? d.recipients : d.url_hint)),
        h("td", {}, h("span", { class: "health " + (d.broken ? "error" : d.last_success_at ? "ok" : "new") }, d.broken ? t("alerts.broken") : d.last_success_at ? t("alerts.working") : t("alerts.untested"))),
        h("td", { class: "error-cell" }, userText(d.last_error)),
        acts,
      ),
    );
  }
  const head = h("thead", {}, h("tr", {}, ...[t("channels.name"), t("alerts.kind"), t("alerts.target"), t("channels.health"), t("channels.error"), ""].map((x) => h("th", { scope: "col" }, x))));
  const card = h("section", { class: "card", "aria-label": t("alerts.destinations") }, h("h2", {}, t("alerts.destinations")));
  card.append(list.length ? h("div", { class: "scroll" }, h("table", { class: "table" }, head, rows)) : h("p", { class: "muted" }, t("alerts.destinations.none")));
  if (manage) card.append(destinationForm(url, () => void alertsPage(main, params)));
  return card;
}

function destinationForm(url: string, done: () => void): HTMLElement {
  const kind = select(KINDS.map((k) => [k, tr("alerts.kind." + k)] as [string, string]), "slack");
  const name = h("input", { type: "text", required: true, maxlength: 120 });
  const target = h("input", { type: "password", autocomplete: "off", maxlength: 2048 });
  const secret = h("input", { type: "password", autocomplete: "off", maxlength: 8192 });
  const recipients = h("input", { type: "text", maxlength: 2000, placeholder: "marie@exemple.fr, paul@exemple.fr" });
  const targetField = field(t("alerts.url"), target, t("alerts.url.hint"));
  const secretField = field(t("alerts.signing_secret"), secret, t("alerts.signing_secret.hint"));
  const recipientsField = field(t("alerts.recipients"), recipients);
  const status = h("div", { role: "status" });
  const sync = () => {
    const email = kind.value === "email";
    targetField.hidden = email;
    recipientsField.hidden = !email;
    secretField.hidden = kind.value !== "webhook";
  };
  kind.addEventListener("change", sync);
  sync();
  const form = h("form", { class: "card form", "aria-label": t("alerts.destination.add") }, h("h3", {}, t("alerts.destination.add")), h("div", { class: "row wrap" }, field(t("alerts.kind"), kind), field(t("channels.name"), name)), targetField, secretField, recipientsField, h("button", { type: "submit", class: "primary" }, t("alerts.destination.add")), status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body: Record<string, unknown> = { kind: kind.value, name: name.value };
    if (kind.value === "email") body.recipients = recipients.value;
    else body.url = target.value;
    if (kind.value === "webhook" && secret.value) body.secret = secret.value;
    try {
      await post(url, body);
      done();
    } catch (err) {
      status.replaceChildren(errorBox(err));
    }
  });
  return form;
}

async function rulesCard(topics: Map<number, Topic>, main: HTMLElement, params: URLSearchParams): Promise<HTMLElement> {
  const url = base() + "/alert-rules";
  const rules = (await get<{ rules: Rule[] }>(url)).rules;
  const manage = can("manage_alerts");
  let destinations: Destination[] = [];
  if (can("handle_alerts")) destinations = (await get<{ destinations: Destination[] }>(base() + "/alert-destinations")).destinations;
  const destName = (id: number) => destinations.find((d) => d.id === id)?.name ?? "#" + id;
  const rows = h("tbody");
  for (const r of rules) {
    const acts = h("td", { class: "actions" });
    if (manage) {
      const toggle = h("button", { type: "button" }, r.enabled ? t("channels.disable") : t("channels.enable"));
      toggle.addEventListener("click", async () => {
        await patch(url + "/" + r.id, { enabled: !r.enabled });
        await alertsPage(main, params);
      });
      const remove = h("button", { type: "button", class: "danger" }, t("channels.remove"));
      remove.addEventListener("click", async () => {
        if (!confirm(t("alerts.rule.remove.confirm"))) return;
        await del(url + "/" + r.id);
        await alertsPage(main, params);
      });
      acts.append(toggle, remove);
    }
    rows.append(
      h(
        "tr",
        { class: r.enabled ? "" : "disabled" },
        h("th", { scope: "row" }, userText(r.name)),
        h("td", {}, tr("alerts.detector." + r.detector)),
        h("td", {}, r.topics.length ? userText(r.topics.map((id) => topics.get(id)?.name ?? "#" + id).join(", ")) : t("alerts.all_topics")),
        h("td", {}, tr("alerts.sensitivity." + r.sensitivity) + (r.threshold !== null ? " (" + formatNumber(r.threshold) + ")" : "")),
        h("td", {}, tr("alerts.severity." + r.severity)),
        h("td", {}, r.quiet_hours ? r.quiet_hours.start + "–" + r.quiet_hours.end : "–"),
        h("td", {}, r.destinations.length ? userText(r.destinations.map(destName).join(", ")) : t("alerts.in_app_only")),
        acts,
      ),
    );
  }
  const head = h("thead", {}, h("tr", {}, ...[t("channels.name"), t("alerts.detector"), t("nav.topics"), t("alerts.sensitivity"), t("alerts.severity"), t("alerts.quiet_hours"), t("alerts.destinations"), ""].map((x) => h("th", { scope: "col" }, x))));
  const card = h("section", { class: "card", "aria-label": t("alerts.rules") }, h("h2", {}, t("alerts.rules")), h("p", { class: "muted" }, t("alerts.rules.hint")), h("div", { class: "scroll" }, h("table", { class: "table" }, head, rows)));
  if (manage) card.append(ruleForm(url, topics, destinations, () => void alertsPage(main, params)));
  return card;
}

function ruleForm(url: string, topics: Map<number, Topic>, destinations: Destination[], done: () => void): HTMLElement {
  const name = h("input", { type: "text", required: true, maxlength: 120 });
  const detector = select(DETECTORS.map((d) => [d, tr("alerts.detector." + d)] as [string, string]), "volume_spike");
  const topic = select([["", t("alerts.all_topics")], ...[...topics.values()].map((x) => [String(x.id), x.name] as [string, string])], "");
  const sensitivity = select(["low", "medium", "high"].map((s) => [s, tr("alerts.sensitivity." + s)] as [string, string]), "medium");
  const severity = select(["info", "warning", "critical"].map((s) => [s, tr("alerts.severity." + s)] as [string, string]), "warning");
  const quietStart = h("input", { type: "time" });
  const quietEnd = h("input", { type: "time" });
  const dests = h("fieldset", { class: "checks" }, h("legend", {}, t("alerts.destinations")));
  const boxes: Array<[number, HTMLInputElement]> = [];
  for (const d of destinations) {
    const box = h("input", { type: "checkbox", value: String(d.id) });
    boxes.push([d.id, box]);
    dests.append(h("label", {}, box, " ", userText(d.name)));
  }
  if (!destinations.length) dests.append(h("p", { class: "muted" }, t("alerts.in_app_only")));
  const status = h("div", { role: "status" });
  const form = h(
    "form",
    { class: "card form", "aria-label": t("alerts.rule.add") },
    h("h3", {}, t("alerts.rule.add")),
    h("div", { class: "row wrap" }, field(t("channels.name"), name), field(t("alerts.detector"), detector), field(t("dash.topic"), topic)),
    h("div", { class: "row wrap" }, field(t("alerts.sensitivity"), sensitivity, t("alerts.sensitivity.hint")), field(t("alerts.severity"), severity), field(t("alerts.quiet.start"), quietStart), field(t("alerts.quiet.end"), quietEnd, t("alerts.quiet.hint"))),
    dests,
    h("button", { type: "submit", class: "primary" }, t("alerts.rule.add")),
    status,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      name: name.value,
      detector: detector.value,
      topics: topic.value ? [Number(topic.value)] : [],
      sensitivity: sensitivity.value,
      severity: severity.value,
      destinations: boxes.filter(([, b]) => b.checked).map(([id]) => id),
    };
    if (quietStart.value && quietEnd.value) body.quiet_hours = { start: quietStart.value, end: quietEnd.value };
    try {
      await post(url, body);
      done();
    } catch (err) {
      status.replaceChildren(errorBox(err));
    }
  });
  return form;
}

// Channels and their health.
import { del, get, patch, post } from "../api";
import { can, errorBox, state } from "../app";
import { clear, field, h, select, userText } from "../dom";
import { formatDateTime, formatNumber, t, tr } from "../i18n";

interface Channel {
  id: number;
  platform: string;
  name: string;
  enabled: boolean;
  collects: boolean;
  config: Record<string, unknown>;
  status: {
    health: string;
    items_collected: number;
    last_success_at: string | null;
    next_attempt_at: string | null;
    last_error: string | null;
  };
}

export async function channelsPage(main: HTMLElement): Promise<void> {
  const ws = state.workspace!;
  const base = "/api/workspaces/" + encodeURIComponent(ws.slug) + "/channels";
  const channels = (await get<{ channels: Channel[] }>(base)).channels;
  const manage = can("manage_channels");
  clear(main);
  main.append(h("div", { class: "page-head" }, h("h1", {}, t("channels.title"))));
  const table = h(
    "table",
    { class: "table" },
    h(
      "thead",
      {},
      h("tr", {}, ...[t("channels.name"), t("channels.platform"), t("channels.health"), t("channels.collected"), t("channels.last_success"), t("channels.next"), t("channels.error"), ""].map((x) => h("th", { scope: "col" }, x))),
    ),
  );
  const tbody = h("tbody");
  for (const c of channels) {
    const actions = h("td", { class: "actions" });
    if (manage) {
      const toggle = h("button", { type: "button" }, c.enabled ? t("channels.disable") : t("channels.enable"));
      toggle.addEventListener("click", async () => {
        await patch(base + "/" + c.id, { enabled: !c.enabled });
        await channelsPage(main);
      });
      const remove = h("button", { type: "button", class: "danger" }, t("channels.remove"));
      remove.addEventListener("click", async () => {
        if (!confirm(t("channels.remove.confirm"))) return;
        await del(base + "/" + c.id);
        await channelsPage(main);
      });
      actions.append(toggle, remove);
    }
    tbody.append(
      h(
        "tr",
        { class: c.enabled ? "" : "disabled" },
        h("th", { scope: "row" }, userText(c.name)),
        h("td", {}, c.platform),
        h("td", {}, h("span", { class: "health " + c.status.health }, tr("health." + c.status.health))),
        h("td", { class: "num" }, formatNumber(c.status.items_collected)),
        h("td", {}, c.status.last_success_at ? formatDateTime(c.status.last_success_at) : "–"),
        h("td", {}, c.status.next_attempt_at && c.collects && c.enabled ? formatDateTime(c.status.next_attempt_at) : "–"),
        h("td", { class: "error-cell" }, c.status.last_error ? userText(c.status.last_error) : ""),
        actions,
      ),
    );
  }
  table.append(tbody);
  main.append(channels.length ? h("div", { class: "card scroll" }, table) : h("p", { class: "muted" }, t("channels.none")));

  if (manage) main.append(addForm(base, () => void channelsPage(main)));
}

// The settings each platform asks for (see src/connectors/*/ for all of them).
interface Setting {
  key: string;
  label: Parameters<typeof t>[0];
  type?: "url" | "text" | "number" | "select";
  options?: string[];
  required?: boolean;
  placeholder?: string;
}
const PLATFORMS: Record<string, { settings: Setting[]; secret?: Parameters<typeof t>[0] }> = {
  rss: { settings: [{ key: "url", label: "channels.url", type: "url", required: true, placeholder: "https://…/feed.xml" }] },
  mastodon: {
    settings: [
      { key: "server", label: "channels.server", type: "url", required: true, placeholder: "https://mastodon.social" },
      { key: "timeline", label: "channels.timeline", type: "select", options: ["hashtag", "search", "mentions", "public", "local", "home"] },
      { key: "tag", label: "channels.tag", placeholder: "velora" },
      { key: "query", label: "channels.query", placeholder: "velora" },
    ],
    secret: "channels.secret.token",
  },
  bluesky: {
    settings: [
      { key: "query", label: "channels.query", required: true, placeholder: "velora" },
      { key: "identifier", label: "channels.identifier", placeholder: "brand.bsky.social" },
    ],
    secret: "channels.secret.app_password",
  },
  reddit: {
    settings: [
      { key: "subreddit", label: "channels.subreddit", placeholder: "velo" },
      { key: "listing", label: "channels.listing", type: "select", options: ["new", "comments", "search"] },
      { key: "query", label: "channels.query" },
      { key: "client_id", label: "channels.client_id", required: true },
    ],
    secret: "channels.secret.client_secret",
  },
  webhook: { settings: [{ key: "platform", label: "channels.source_platform", placeholder: "discourse" }], secret: "channels.secret.webhook" },
};

function addForm(base: string, done: () => void): HTMLElement {
  const platform = select(Object.keys(PLATFORMS).map((p) => [p, p] as [string, string]), "rss");
  const name = h("input", { type: "text", required: true, maxlength: 120 });
  const fields = h("div", { class: "row wrap" });
  const status = h("div", { role: "status" });
  let inputs: Array<[Setting, HTMLInputElement | HTMLSelectElement]> = [];
  let secret: HTMLInputElement | null = null;
  const render = () => {
    clear(fields);
    const spec = PLATFORMS[platform.value];
    inputs = spec.settings.map((s) => {
      const input =
        s.type === "select"
          ? select(s.options!.map((o) => [o, o] as [string, string]), s.options![0])
          : h("input", { type: s.type ?? "text", required: s.required ?? false, placeholder: s.placeholder ?? "" });
      fields.append(field(t(s.label), input));
      return [s, input] as [Setting, HTMLInputElement | HTMLSelectElement];
    });
    secret = null;
    if (spec.secret) {
      secret = h("input", { type: "password", autocomplete: "off" });
      fields.append(field(t(spec.secret), secret, t("channels.secret.hint")));
    }
  };
  platform.addEventListener("change", render);
  render();
  const form = h(
    "form",
    { class: "card" },
    h("h2", {}, t("channels.add")),
    h("div", { class: "row wrap" }, field(t("channels.platform"), platform), field(t("channels.name"), name)),
    fields,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("channels.add"))),
    status,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear(status);
    const config: Record<string, string> = {};
    for (const [s, input] of inputs) if (input.value) config[s.key] = input.value;
    const body: Record<string, unknown> = { platform: platform.value, name: name.value, config };
    if (secret?.value) body.secret = secret.value;
    try {
      await post(base, body);
      done();
    } catch (err) {
      status.append(errorBox(err));
    }
  });
  return form;
}

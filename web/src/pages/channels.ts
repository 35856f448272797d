// Channels and their health.
import { del, get, patch, post } from "../api";
import { can, errorBox, state } from "../app";
import { clear, field, h, userText } from "../dom";
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

  if (manage) {
    const name = h("input", { type: "text", required: true, maxlength: 120 });
    const url = h("input", { type: "url", required: true, placeholder: "https://…" });
    const status = h("div", { role: "status" });
    const form = h(
      "form",
      { class: "card" },
      h("h2", {}, t("channels.add") + " (RSS)"),
      h("div", { class: "row wrap" }, field(t("channels.name"), name), field(t("channels.url"), url)),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("channels.add"))),
      status,
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      clear(status);
      try {
        await post(base, { platform: "rss", name: name.value, config: { url: url.value } });
        await channelsPage(main);
      } catch (err) {
        status.append(errorBox(err));
      }
    });
    main.append(form);
  }
}

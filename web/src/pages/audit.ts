// The audit log: who changed what, when, with the state before and after.
import { get, query } from "../api";
import { errorBox, state } from "../app";
import { clear, h, userText } from "../dom";
import { formatDateTime, t } from "../i18n";

interface Entry {
  id: number;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  at: string;
}

function json(value: unknown): HTMLElement {
  if (value === null || value === undefined) return h("span", { class: "muted" }, "–");
  return h("pre", { class: "json" }, userText(JSON.stringify(value, null, 2)));
}

export async function auditPage(main: HTMLElement): Promise<void> {
  const ws = state.workspace!;
  const base = "/api/workspaces/" + encodeURIComponent(ws.slug) + "/audit";
  clear(main);
  const list = h("div", { class: "audit" });
  const more = h("button", { type: "button" }, t("search.more"));
  main.append(h("div", { class: "page-head" }, h("h1", {}, t("audit.title"))), list);
  let cursor: string | null = null;
  const load = async () => {
    more.remove();
    try {
      const page = await get<{ entries: Entry[]; next_cursor: string | null }>(base + query({ limit: 50, cursor }));
      if (!page.entries.length && !cursor) list.append(h("p", { class: "muted" }, t("audit.none")));
      for (const e of page.entries) {
        const details = h(
          "details",
          { class: "card audit-entry" },
          h(
            "summary",
            {},
            h("time", { datetime: e.at }, formatDateTime(e.at)),
            " · ",
            h("strong", {}, userText(e.actor.replace(/^(user|token):\d+ /, ""))),
            " · ",
            h("code", {}, userText(e.action.split(" ")[0])),
            " ",
            userText(e.target),
          ),
          h("div", { class: "row wrap" }, h("div", {}, h("h3", {}, t("audit.before")), json(e.before)), h("div", {}, h("h3", {}, t("audit.after")), json(e.after))),
        );
        list.append(details);
      }
      cursor = page.next_cursor;
      if (cursor) list.append(more);
    } catch (err) {
      list.append(errorBox(err));
    }
  };
  more.addEventListener("click", () => void load());
  await load();
}

// Members of the workspace and their roles.
import { ApiError, del, get, patch, post } from "../api";
import { can, errorBox, state } from "../app";
import { clear, field, h, select, userText } from "../dom";
import { t, tr } from "../i18n";

const ROLES = ["owner", "manager", "community_manager", "approver", "analyst", "client"];

interface Member {
  id: number;
  email: string;
  display_name: string;
  role: string;
}

export async function membersPage(main: HTMLElement): Promise<void> {
  const ws = state.workspace!;
  const base = "/api/workspaces/" + encodeURIComponent(ws.slug) + "/members";
  const members = (await get<{ members: Member[] }>(base)).members;
  const manage = can("manage_members");
  const status = h("div", { role: "status", "aria-live": "polite" });
  clear(main);
  main.append(h("div", { class: "page-head" }, h("h1", {}, t("members.title"))), status);
  const tbody = h("tbody");
  for (const m of members) {
    const me = m.id === state.me?.user?.id;
    const roleCell = h("td");
    if (manage) {
      const s = select(ROLES.map((r) => [r, tr("role." + r)] as [string, string]), m.role, { "aria-label": t("members.role") + " — " + m.email });
      s.addEventListener("change", async () => {
        clear(status);
        try {
          await patch(base + "/" + m.id, { role: s.value });
          status.append(h("span", { class: "ok" }, "✓ " + m.email + " → " + tr("role." + s.value)));
        } catch (err) {
          s.value = m.role;
          status.append(errorBox(err instanceof ApiError && err.status === 403 ? new Error(t("common.denied") + " " + err.message) : err));
        }
      });
      roleCell.append(s);
    } else {
      roleCell.append(tr("role." + m.role));
    }
    const actions = h("td");
    if (manage && !me) {
      const remove = h("button", { type: "button", class: "danger" }, t("members.remove"));
      remove.addEventListener("click", async () => {
        try {
          await del(base + "/" + m.id);
          await membersPage(main);
        } catch (err) {
          status.append(errorBox(err));
        }
      });
      actions.append(remove);
    }
    tbody.append(
      h("tr", {}, h("th", { scope: "row" }, userText(m.display_name || m.email), me ? h("span", { class: "muted" }, " (" + t("members.you") + ")") : null), h("td", {}, userText(m.email)), roleCell, actions),
    );
  }
  if (state.me?.user?.admin && !members.some((m) => m.id === state.me?.user?.id)) {
    main.append(h("p", { class: "muted" }, t("members.admin_note")));
  }
  main.append(
    h(
      "div",
      { class: "card scroll" },
      h("table", { class: "table" }, h("thead", {}, h("tr", {}, ...["", t("members.email"), t("members.role"), ""].map((x) => h("th", { scope: "col" }, x)))), tbody),
    ),
  );
  if (manage) {
    const email = h("input", { type: "email", required: true });
    const role = select(ROLES.map((r) => [r, tr("role." + r)] as [string, string]), "community_manager");
    const result = h("div", { role: "status" });
    const form = h(
      "form",
      { class: "card" },
      h("h2", {}, t("members.invite")),
      h("div", { class: "row wrap" }, field(t("members.email"), email), field(t("members.role"), role)),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("members.invite"))),
      result,
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      clear(result);
      try {
        const r = await post<{ invitation_path: string | null }>(base, { email: email.value, role: role.value });
        if (r.invitation_path) {
          const link = location.origin + "/" + r.invitation_path.replace(/^\//, "");
          result.append(h("p", {}, t("members.invited")), h("code", { class: "invite-link" }, link));
        } else {
          await membersPage(main);
        }
      } catch (err) {
        result.append(errorBox(err));
      }
    });
    main.append(form);
  }
}

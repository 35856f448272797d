// tribu's web UI: a hash router over the pages.
import "./style.css";
import { setCsrfToken, setOnUnauthenticated } from "./api";
import { errorBox, loadMe, shell, state } from "./app";
import { alertPage, alertsPage, leaveAlerts } from "./pages/alerts";
import { accountPage, loginPage, setupPage } from "./pages/auth";
import { auditPage } from "./pages/audit";
import { channelsPage } from "./pages/channels";
import { dashboardPage, leaveDashboard } from "./pages/dashboard";
import { membersPage } from "./pages/members";
import { searchPage } from "./pages/search";
import { topicsPage } from "./pages/topics";

const root = document.getElementById("app")!;

setOnUnauthenticated(() => {
  state.me = null;
  if (!location.hash.startsWith("#/login")) location.hash = "#/login";
});

async function render(): Promise<void> {
  leaveDashboard();
  leaveAlerts();
  const [path, queryString] = (location.hash.replace(/^#/, "") || "/").split("?");
  const params = new URLSearchParams(queryString ?? "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);

  if (parts[0] === "setup" && parts[1]) return setupPage(root, parts[1], false, render);
  if (parts[0] === "invitation" && parts[1]) return setupPage(root, parts[1], true, render);
  if (!state.me) await loadMe();
  if (!state.me || !state.me.user && !state.me.workspaces.length) return loginPage(root, render);
  if (parts[0] === "login") {
    location.hash = "#/";
    return;
  }
  if (state.me.csrf_token) setCsrfToken(state.me.csrf_token);

  if (parts[0] === "account") {
    state.workspace = state.workspace ?? state.me.workspaces[0] ?? null;
    return accountPage(shell(root, "", render), render);
  }
  const slug = parts[0] === "w" ? parts[1] : state.me.workspaces[0]?.slug;
  const ws = state.me.workspaces.find((w) => w.slug === slug) ?? null;
  if (!ws) {
    state.workspace = null;
    const main = shell(root, "", render);
    main.append(errorBox(new Error(slug ? "No access to workspace " + slug : "No workspace yet")));
    return;
  }
  state.workspace = ws;
  const page = parts[0] === "w" ? parts[2] ?? "" : "";
  const main = shell(root, page ? "/" + page : "", render);
  try {
    switch (page) {
      case "":
        return await dashboardPage(main, params);
      case "alerts":
        return parts[3] ? await alertPage(main, parts[3]) : await alertsPage(main, params);
      case "topics":
        return await topicsPage(main, parts[3] ?? null);
      case "search":
        return await searchPage(main, params);
      case "channels":
        return await channelsPage(main);
      case "members":
        return await membersPage(main);
      case "audit":
        return await auditPage(main);
      default:
        main.append(errorBox(new Error("Unknown page")));
    }
  } catch (err) {
    main.append(errorBox(err));
  }
}

window.addEventListener("hashchange", () => void render());
void render();

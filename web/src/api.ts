// The JSON API, with the session cookie (sent by the browser) and the CSRF
// token on every state change.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = "";
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

let onUnauthenticated: () => void = () => {};
export function setOnUnauthenticated(fn: () => void): void {
  onUnauthenticated = fn;
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") {
    headers["X-CSRF-Token"] = csrfToken;
    headers["Content-Type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError(0, "network", "offline");
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const code = json?.error?.code ?? "unknown";
    const message = json?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 401 && !path.startsWith("/api/auth/")) onUnauthenticated();
    throw new ApiError(res.status, code, message);
  }
  return json as T;
}

export const get = <T = any>(path: string) => api<T>("GET", path);
export const post = <T = any>(path: string, body?: unknown) => api<T>("POST", path, body);
export const patch = <T = any>(path: string, body?: unknown) => api<T>("PATCH", path, body);
export const del = <T = any>(path: string) => api<T>("DELETE", path);

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export interface Workspace {
  id: number;
  slug: string;
  name: string;
  time_zone: string;
  role: string;
  permissions: string[];
}

export interface Me {
  user?: { id: number; email: string; display_name: string; locale: string; time_zone: string; admin: boolean };
  workspaces: Workspace[];
  csrf_token?: string;
  demo: boolean;
}

export interface Post {
  id: number;
  platform: string;
  external_id: string;
  author: { handle: string; display_name: string; followers: number };
  text: string;
  lang: string;
  url: string;
  published_at: string;
  sentiment: number | null;
  topics: number[];
  metrics?: { likes: number; shares: number; replies: number; reach: number };
}

export interface Topic {
  id: number;
  name: string;
  query: string;
  kind: string;
  color: string;
  matched_posts?: number;
}

import type { Role } from "../../../shared/domain";
import { ApiError, request } from "./http";

/** The signed-in user, as the server's session routes describe it. */
export interface User {
  id: string;
  name: string;
  role: Role;
  sector: string | null;
  unitId: string | null;
  post: string | null;
}

export async function signIn(username: string, password: string): Promise<User> {
  const { user } = await request<{ user: User }>("POST", "/api/session", { username, password });
  return user;
}

/** The current session's user, or null when there is none. */
export async function currentUser(): Promise<User | null> {
  try {
    const { user } = await request<{ user: User }>("GET", "/api/session");
    return user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function signOut(): Promise<void> {
  await request<void>("DELETE", "/api/session");
}

import type { Role } from "../../../shared/domain";
import type { BoardSettings } from "../../../shared/statusTimers";
import { setBoardSettings } from "./boardSettings";
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

/** What the session routes answer: the user and, for control, the board's settings. */
interface SessionReply {
  user: User;
  boardSettings?: BoardSettings | null;
}

export async function signIn(username: string, password: string): Promise<User> {
  const { user, boardSettings } = await request<SessionReply>("POST", "/api/session", { username, password });
  setBoardSettings(boardSettings);
  return user;
}

/** The current session's user, or null when there is none. */
export async function currentUser(): Promise<User | null> {
  try {
    const { user, boardSettings } = await request<SessionReply>("GET", "/api/session");
    setBoardSettings(boardSettings);
    return user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function signOut(): Promise<void> {
  await request<void>("DELETE", "/api/session");
}

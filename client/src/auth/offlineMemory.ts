import type { User } from "../api/session";

/**
 * What a phone remembers so that it can open with no network (a steward in a concrete
 * concourse): who signed in last and which operation they were on. Only used when the server
 * cannot be reached; a 401 still means signed out. The session cookie itself stays HttpOnly.
 */
const USER = "cordon.lastUser";
const OP = "cordon.lastOp";

export function rememberUser(user: User): void {
  localStorage.setItem(USER, JSON.stringify(user));
}

export function recallUser(): User | null {
  try {
    return JSON.parse(localStorage.getItem(USER) ?? "null") as User | null;
  } catch {
    return null;
  }
}

export function forget(): void {
  localStorage.removeItem(USER);
  localStorage.removeItem(OP);
}

export function rememberOp(opId: string): void {
  localStorage.setItem(OP, opId);
}

export function recallOp(): string | null {
  return localStorage.getItem(OP);
}

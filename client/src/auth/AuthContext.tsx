import { createContext, useContext } from "react";
import type { User } from "../api/session";

export interface Auth {
  user: User;
  signOut(): void;
}

export const AuthContext = createContext<Auth | null>(null);

/** The signed-in user and the way out; only views behind sign-in use it. */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside a signed-in view");
  return auth;
}

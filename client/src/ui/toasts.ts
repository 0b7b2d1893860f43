import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

/** Messages the user must not miss: refused commands, lost sessions. One store for the app. */
export type ToastKind = "error" | "warning" | "info" | "success";

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

const store = createStore<{ toasts: readonly Toast[] }>()(() => ({ toasts: [] }));
let nextId = 1;

export function toast(text: string, kind: ToastKind = "error", ttlMs = kind === "error" ? 12_000 : 5_000): void {
  const id = nextId++;
  store.setState((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, text }] }));
  window.setTimeout(() => dismissToast(id), ttlMs);
}

export function dismissToast(id: number): void {
  store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export function useToasts(): readonly Toast[] {
  return useStore(store, (s) => s.toasts);
}

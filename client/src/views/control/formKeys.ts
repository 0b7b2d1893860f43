import type { KeyboardEvent } from "react";
import { controlUi } from "./controlUi";

/**
 * The keys of the incident forms, for a controller on a call with one hand on the keyboard:
 * Enter submits from any field (Shift+Enter is a new line in a text box; a focused button keeps
 * its own Enter), Escape cancels. In pick-on-map mode Escape gives up the pick only.
 */
export function formKeys(cancel: () => void) {
  return function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    const target = e.target as HTMLElement;
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      if (controlUi.getState().picking) controlUi.getState().cancelPick();
      else cancel();
      return;
    }
    if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
    if (target instanceof HTMLButtonElement) return;
    e.preventDefault();
    e.currentTarget.requestSubmit();
  };
}

/**
 * Focus for a form the operator just opened (they asked for it: the key or the button that
 * opened it): a ref callback that focuses its element once, when it mounts.
 */
export function focusOnMount(el: HTMLElement | null): void {
  el?.focus();
}

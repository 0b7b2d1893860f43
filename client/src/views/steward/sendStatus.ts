import type { OutboxItem } from "../../outbox/useOutbox";
import { shortTime } from "../../ui/time";

export type SendPhase = "saved" | "sending" | "sent" | "refused";

/**
 * Where a report is, as the steward is told: "sending" whenever the app is connected, however slow
 * the ack (a slow server is not "no signal"); "saved" only when there is no connection.
 */
export function sendPhase(item: OutboxItem, live: boolean): SendPhase {
  if (item.state !== "pending") return item.state;
  return live ? "sending" : "saved";
}

/** The one line about a report: what the Send bar and the list say. */
export function sendText(phase: SendPhase, item: OutboxItem, receivedAt: number | null): string {
  // A report does not arrive without its photos: until they have gone, it says so.
  const photo = item.photoPending && (phase === "saved" || phase === "sending") ? " — photo pending" : "";
  return phaseText(phase, item, receivedAt) + photo;
}

function phaseText(phase: SendPhase, item: OutboxItem, receivedAt: number | null): string {
  switch (phase) {
    case "saved":
      return "Saved on this phone — not yet received";
    case "sending":
      // The server answered and asked for a wait (429): not a slow connection, and not a refusal.
      if (item.retryAt) return `Too many photos from your account this minute — sends again by itself at ${shortTime(item.retryAt)}`;
      return item.waiting ? "Sending… (slow connection, still trying)" : "Sending…";
    case "sent":
      return `Sent ✓ — with control at ${shortTime(receivedAt ?? item.ackAt ?? item.madeAt)}`;
    case "refused":
      return `Not accepted by control: ${item.error ?? "refused by the server"}`;
  }
}

/** What the steward must do while it is not sent: honest about whether the app may be closed. */
export function savedHint(backgroundSync: boolean): string {
  return backgroundSync
    ? "It will send by itself when there is signal, even if you close Cordon."
    : "Keep Cordon open until this says Sent ✓.";
}

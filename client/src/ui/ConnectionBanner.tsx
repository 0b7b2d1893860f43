import { linkBanner } from "../sync/linkRules";
import { useLink } from "../sync/linkStore";
import { age, clockTime, useNow } from "./time";

/**
 * The full-width banner across the control board when it is not the server's present: offline
 * ("Connection lost — the board is frozen at 19:42:10. Reconnecting…") or catching up ("Catching
 * up: 312 events behind"), then "Back live — 47 events caught up", which fades. The pill in the
 * header is easy to miss; this is not. Styles in styles/connection.css.
 */
export function ConnectionBanner() {
  const link = useLink((l) => l);
  const banner = linkBanner(link, clockTime);
  if (!banner) return null;
  return (
    <div className={`link-banner link-${banner.tone}`} role={banner.tone === "back" ? "status" : "alert"} data-phase={link.phase}>
      <span className="link-icon" aria-hidden="true">
        {banner.tone === "back" ? "✓" : banner.tone === "down" ? "⚠" : "⟳"}
      </span>
      <strong className="link-headline">{banner.headline}</strong>
      {link.frozenAt !== null && <FrozenFor since={link.frozenAt} />}
      <span className="link-detail">{banner.detail}</span>
    </div>
  );
}

/** How long the board has been frozen: the one time that keeps running while it is. */
function FrozenFor({ since }: { since: number }) {
  const now = useNow(5_000, { running: true });
  return <span className="link-since">for {age(since, now)}</span>;
}

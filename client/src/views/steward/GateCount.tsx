import "../../styles/gateCount.css";
import { type FormEvent, useMemo, useState } from "react";
import { type EntranceGroup, entranceGroups } from "../../../../shared/entrances";
import { distanceMetres } from "../../../../shared/geo";
import type { User } from "../../api/session";
import { useBoardContext } from "../../store/BoardContext";
import { venuePlan } from "../../venue/plan";

const GROUPS = entranceGroups(venuePlan);

/** The groups of the steward's sector, the one nearest their post first. */
function groupsFor(user: Pick<User, "sector" | "post">): EntranceGroup[] {
  const mine = GROUPS.filter((g) => g.sector === user.sector);
  const post = venuePlan.posts.find((p) => p.id === user.post);
  if (!post) return mine;
  return [...mine].sort((a, b) => distanceMetres(post.location, a.location) - distanceMetres(post.location, b.location));
}

type Status = { kind: "idle" } | { kind: "sending" } | { kind: "sent"; text: string } | { kind: "failed"; text: string };

const whole = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s));

/**
 * A steward's gate count (issue 11 item 7): the bank's turnstile counter, the queue outside, or
 * both, for an entrance of their sector. Sent at once over the socket and never queued: a count
 * from ten minutes ago is not what control needs, so without signal it says so and keeps the figures.
 */
export function GateCount({ user, live }: { user: Pick<User, "sector" | "post">; live: boolean }) {
  const { connection } = useBoardContext();
  const groups = useMemo(() => groupsFor(user), [user]);
  const [groupId, setGroupId] = useState(groups[0]?.id ?? "");
  const [count, setCount] = useState("");
  const [queue, setQueue] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  if (groups.length === 0 || !connection.reportCount) return null;
  const send = connection.reportCount;
  const c = whole(count);
  const q = whole(queue);
  const valid = (c !== undefined || q !== undefined) && [c, q].every((n) => n === undefined || (Number.isInteger(n) && n >= 0));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setStatus({ kind: "sending" });
    const ack = await send({ groupId, ...(c !== undefined ? { count: c } : {}), ...(q !== undefined ? { queue: q } : {}) });
    if (ack.ok) {
      const name = groups.find((g) => g.id === groupId)?.name ?? groupId;
      setStatus({
        kind: "sent",
        text: `Sent ✓ ${name}${c !== undefined ? ` · ${c.toLocaleString("en-GB")} in` : ""}${q !== undefined ? ` · queue ${q}` : ""}`,
      });
      setCount("");
      setQueue("");
    } else {
      setStatus({ kind: "failed", text: `Not sent: ${ack.error.message}` });
    }
  };

  return (
    <form className="gate-count card" onSubmit={(e) => void submit(e)} aria-label="Gate count">
      <h2 className="m-title">Gate count</h2>
      <label className="gc-field">
        <span>Entrance</span>
        <select className="gc-select" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <div className="gc-row">
        <label className="gc-field">
          <span>Counter reads</span>
          <input
            className="gc-input"
            inputMode="numeric"
            pattern="[0-9]*"
            value={count}
            onChange={(e) => setCount(e.target.value)}
            placeholder="e.g. 4250"
          />
        </label>
        <label className="gc-field">
          <span>Queue (people)</span>
          <input
            className="gc-input"
            inputMode="numeric"
            pattern="[0-9]*"
            value={queue}
            onChange={(e) => setQueue(e.target.value)}
            placeholder="e.g. 300"
          />
        </label>
      </div>
      <button type="submit" className="gc-send" disabled={!valid || !live || status.kind === "sending"}>
        {status.kind === "sending" ? "Sending…" : "Send gate count"}
      </button>
      <p className={`gc-status gc-${status.kind}`} aria-live="polite">
        {!live ? "No signal: a gate count is sent live only. Send it again when the signal is back." : "text" in status ? status.text : ""}
      </p>
    </form>
  );
}

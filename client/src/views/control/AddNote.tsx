import { type FormEvent, useState } from "react";
import { useCommand } from "../../ui/useCommand";

/**
 * A note on the incident's timeline. Stewards of the incident's sector receive it only when
 * marked "for stewards"; an intelligence note never reaches them, so the two exclude each other.
 */
export function AddNote({ incidentId, allowIntel = true }: { incidentId: string; allowIntel?: boolean }) {
  const [text, setText] = useState("");
  const [intel, setIntel] = useState(false);
  const [forStewards, setForStewards] = useState(false);
  const { run, busy, retrying } = useCommand();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await run("incident:note", { incidentId, text: text.trim(), intel, forStewards })) {
      setText("");
      setIntel(false);
      setForStewards(false);
    }
  }

  return (
    <form className="note-form" onSubmit={submit}>
      <textarea
        rows={2}
        placeholder="Add a note to the log…"
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
        aria-label="Note"
      />
      <div className="row gap">
        {allowIntel && (
          <label className="check">
            <input
              type="checkbox"
              checked={intel}
              onChange={(e) => {
                setIntel(e.target.checked);
                if (e.target.checked) setForStewards(false);
              }}
            />{" "}
            Intelligence
          </label>
        )}
        <label className="check" title="Stewards in this incident's sector will see this note">
          <input
            type="checkbox"
            checked={forStewards}
            disabled={intel}
            onChange={(e) => setForStewards(e.target.checked)}
            aria-label="For stewards"
          />{" "}
          For stewards
        </label>
        <span className="spacer" />
        {retrying && <span className="retrying">retrying…</span>}
        <button type="submit" className="btn btn-sm" disabled={busy || !text.trim()}>
          Add note
        </button>
      </div>
    </form>
  );
}

import { type FormEvent, useState } from "react";

/** A note on the job's log, through the outbox: written with no signal, it is sent when there is. */
export function UnitNote({ onNote }: { onNote(text: string): Promise<void> }) {
  const [text, setText] = useState("");
  async function submit(e: FormEvent) {
    e.preventDefault();
    const words = text.trim();
    if (!words) return;
    setText("");
    await onNote(words);
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
        <span className="spacer" />
        <button type="submit" className="btn btn-sm" disabled={!text.trim()}>
          Add note
        </button>
      </div>
    </form>
  );
}

/** A new password, typed twice; `valid` when it is long enough and both agree. */
export function PasswordFields({
  value,
  again,
  onChange,
}: {
  value: string;
  again: string;
  onChange: (value: string, again: string) => void;
}) {
  const short = value.length > 0 && value.length < 12;
  const differ = again.length > 0 && again !== value;
  return (
    <div className="field-row">
      <label className="field">
        <span>New password (12+ characters)</span>
        <input type="password" autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value, again)} />
      </label>
      <label className="field">
        <span>Again</span>
        <input type="password" autoComplete="new-password" value={again} onChange={(e) => onChange(value, e.target.value)} />
      </label>
      {(short || differ) && <p className="form-error">{short ? "At least 12 characters." : "The two passwords differ."}</p>}
    </div>
  );
}

export const passwordOk = (value: string, again: string) => value.length >= 12 && value === again;

import type { Grade } from "../../../shared/domain";
import { GRADE_COLOURS } from "../map/styles";

/** The grade as a coloured letter; "–" for an incident not yet graded. */
export function GradeChip({ grade, large = false }: { grade: Grade | null; large?: boolean }) {
  return (
    <span
      className={`grade-chip${large ? " grade-chip-lg" : ""}${grade === "S" ? " grade-chip-dark" : ""}`}
      style={{ background: GRADE_COLOURS[grade ?? "none"] }}
      title={grade ? `Grade ${grade}` : "Not graded"}
    >
      {grade ?? "–"}
    </span>
  );
}

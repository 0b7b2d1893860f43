import type { Grade } from "../../../shared/domain";

/**
 * The grade as a coloured letter; "–" for an incident not yet graded. Colours come from the
 * theme's --grade-* properties, so the chip reads on both the light and the dark board.
 */
export function GradeChip({ grade, large = false }: { grade: Grade | null; large?: boolean }) {
  return (
    <span
      className={`grade-chip grade-chip-${grade ?? "none"}${large ? " grade-chip-lg" : ""}`}
      title={grade ? `Grade ${grade}` : "Not graded"}
    >
      {grade ?? "–"}
    </span>
  );
}

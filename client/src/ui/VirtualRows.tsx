import type { Virtualizer } from "@tanstack/react-virtual";
import type { ReactNode } from "react";

/**
 * The rows of a virtualised list (@tanstack/react-virtual): only those in view are in the page,
 * placed in one space as tall as the whole list. `row` gives the content of the row at an index,
 * or null to leave it out. Rows of varying height are measured as they render; a list whose rows
 * have `fixed` heights (the estimate is exact) skips that: measuring each row forced a layout per
 * row on opening the unit board.
 */
export function VirtualRows({
  virtualizer,
  row,
  fixed = false,
}: {
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  row(index: number): ReactNode;
  fixed?: boolean;
}) {
  return (
    <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        const content = row(item.index);
        return content === null ? null : (
          <div
            key={item.key}
            className="virtual-row"
            data-index={item.index}
            ref={fixed ? undefined : virtualizer.measureElement}
            style={fixed ? { transform: `translateY(${item.start}px)`, height: item.size } : { transform: `translateY(${item.start}px)` }}
          >
            {content}
          </div>
        );
      })}
    </div>
  );
}

import type { Virtualizer } from "@tanstack/react-virtual";
import type { ReactNode } from "react";

/**
 * The rows of a virtualised list (@tanstack/react-virtual): only those in view are in the page,
 * each measured as it renders, placed in one space as tall as the whole list. `row` gives the
 * content of the row at an index, or null to leave it out.
 */
export function VirtualRows({ virtualizer, row }: { virtualizer: Virtualizer<HTMLDivElement, Element>; row(index: number): ReactNode }) {
  return (
    <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        const content = row(item.index);
        return content === null ? null : (
          <div
            key={item.key}
            className="virtual-row"
            data-index={item.index}
            ref={virtualizer.measureElement}
            style={{ transform: `translateY(${item.start}px)` }}
          >
            {content}
          </div>
        );
      })}
    </div>
  );
}

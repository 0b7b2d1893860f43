import { createContext, type ReactNode, useContext } from "react";
import type { BoardConnection } from "../sync/connection";
import type { BoardStore } from "./boardStore";

interface BoardContextValue {
  store: BoardStore;
  connection: BoardConnection;
}

const BoardContext = createContext<BoardContextValue | null>(null);

export function BoardProvider({ value, children }: { value: BoardContextValue; children: ReactNode }) {
  return <BoardContext.Provider value={value}>{children}</BoardContext.Provider>;
}

export function useBoardContext(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error("useBoardContext outside a BoardProvider");
  return value;
}

/** The board context where there is one (the clock hook also serves the sign-in page). */
export function useOptionalBoardContext(): BoardContextValue | null {
  return useContext(BoardContext);
}

import { createContext, useContext } from "react";

/** True inside a replay: the board's panels show what was, and offer no actions. */
export const ReadOnlyContext = createContext(false);

export const useReadOnly = (): boolean => useContext(ReadOnlyContext);

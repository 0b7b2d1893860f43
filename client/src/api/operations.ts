import { request } from "./http";

export interface OperationSummary {
  id: string;
  name: string;
  venueId: string;
  openedAt: number;
  seq: number;
}

/** Operations the user may open, newest first. */
export async function listOperations(): Promise<OperationSummary[]> {
  const { operations } = await request<{ operations: OperationSummary[] }>("GET", "/api/operations");
  return operations;
}

/** Opens a new operation (commanders only). */
export async function openOperation(name: string): Promise<OperationSummary> {
  const { operation } = await request<{ operation: OperationSummary }>("POST", "/api/operations", { name });
  return operation;
}

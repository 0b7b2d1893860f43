import type { OperationListing } from "../../../shared/protocol";
import { request } from "./http";

export type OperationSummary = OperationListing;

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

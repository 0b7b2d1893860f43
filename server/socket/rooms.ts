/** socket.io room names. Visibility rooms (shared/visibility.ts) are prefixed by their operation. */
export const opRoom = (opId: string, room: string) => `op:${opId}:${room}`;
/** Every socket of one sign-in session, so signing out can disconnect them all at once. */
export const sessionRoom = (sessionHash: string) => `session:${sessionHash}`;
/** Every socket of one user, so a role change can disconnect them. */
export const userRoom = (userId: string) => `user:${userId}`;

import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { currentUser, signOut, type User } from "./api/session";
import { type Auth, AuthContext } from "./auth/AuthContext";
import { forget, recallUser, rememberUser } from "./auth/offlineMemory";
import { queueSignOut, settleSignOuts } from "./outbox/pendingSignOut";
import { homeOf, mayVisit, navigate, type Route, routeOf, usePathname } from "./routing/location";
import { BoardSession } from "./sync/BoardSession";
import { Toasts } from "./ui/Toasts";
import { SignIn } from "./views/SignIn";

// Each role loads only its own view: a steward's phone never downloads the map.
const ControlBoard = lazy(() => import("./views/control/ControlBoard").then((m) => ({ default: m.ControlBoard })));
const StewardApp = lazy(() => import("./views/steward/StewardApp").then((m) => ({ default: m.StewardApp })));
const ReplayView = lazy(() => import("./views/replay/ReplayView").then((m) => ({ default: m.ReplayView })));
const UnitView = lazy(() => import("./views/unit/UnitView").then((m) => ({ default: m.UnitView })));
const AccessLogPage = lazy(() => import("./views/admin/AccessLogPage").then((m) => ({ default: m.AccessLogPage })));
const AdminPage = lazy(() => import("./views/admin/AdminPage").then((m) => ({ default: m.AdminPage })));
const PartnerPage = lazy(() => import("./views/partner/PartnerPage").then((m) => ({ default: m.PartnerPage })));

type AuthState = { status: "loading" } | { status: "in"; user: User } | { status: "out"; notice: string | null; recheck?: boolean };

const RECHECK_MS = 3_000;
const QUEUED_SIGN_OUT = "Signed out on this phone. No signal: the server is told as soon as there is.";
const RECHECKS = 20;

/** Sign-in, then each role's one view; an unauthenticated visit to a view goes back to `/`. */
export function App() {
  const route = routeOf(usePathname());
  const [auth, setAuth] = useState<AuthState>({ status: "loading" });

  useEffect(function loadSession() {
    // A sign-out made offline ends its server session first, or the phone would reopen as them.
    settleSignOuts((u, i) => fetch(u, i))
      .catch(() => 0)
      .then(() => currentUser())
      .then((user) => {
        if (!user) forget();
        setAuth(user ? { status: "in", user } : { status: "out", notice: null });
      })
      .catch((err: Error) => {
        // The server cannot be reached: a phone that was signed in opens as that user, offline.
        const user = recallUser();
        setAuth(user ? { status: "in", user } : { status: "out", notice: err.message });
      });
  }, []);

  useEffect(
    function rememberForOffline() {
      if (auth.status === "in") rememberUser(auth.user);
    },
    [auth],
  );

  useEffect(
    function redirectToTheRightView() {
      // Keep `?op=` across the detour through sign-in.
      if (auth.status === "out" && route !== "/") navigate(`/${window.location.search}`, { replace: true });
      if (auth.status === "in" && !mayVisit(auth.user.role, route)) {
        navigate(homeOf(auth.user.role) + (route === "/" ? window.location.search : ""), { replace: true });
      }
    },
    [auth, route],
  );

  useEffect(
    function resumeIfSessionSurvived() {
      // If the session turns out to be still good (the server was only unreachable), return to
      // the view instead of asking for the password again.
      if (auth.status !== "out" || !auth.recheck) return;
      let tries = 0;
      const id = window.setInterval(() => {
        if (++tries > RECHECKS) return window.clearInterval(id);
        currentUser()
          .then((user) => {
            if (!user) return window.clearInterval(id);
            window.clearInterval(id);
            setAuth({ status: "in", user });
          })
          .catch(() => undefined);
      }, RECHECK_MS);
      return () => window.clearInterval(id);
    },
    [auth],
  );

  const endSession = useCallback((notice: string | null) => {
    setAuth({ status: "out", notice, recheck: notice !== null });
    navigate("/");
  }, []);

  const authValue = useMemo<Auth | null>(
    () =>
      auth.status === "in"
        ? {
            user: auth.user,
            signOut: () => {
              forget();
              const { id } = auth.user;
              // No signal: the phone is cleared now; the server's session ends when it is next online.
              // No recheck here: that would sign the phone back in on the session being ended.
              signOut()
                .then(
                  () => null,
                  () => queueSignOut(id, Date.now()).then(() => QUEUED_SIGN_OUT),
                )
                .then((notice) => {
                  setAuth({ status: "out", notice });
                  navigate("/");
                });
            },
          }
        : null,
    [auth],
  );

  let page: ReactNode = <div className="splash">Cordon — loading…</div>;
  if (auth.status === "out") {
    page = <SignIn notice={auth.notice} onSignedIn={(user) => setAuth({ status: "in", user })} />;
  } else if (auth.status === "in" && authValue && mayVisit(auth.user.role, route)) {
    page = (
      <AuthContext.Provider value={authValue}>
        {route === "/replay" ? (
          <Suspense fallback={<div className="splash">Loading replay…</div>}>
            <ReplayView />
          </Suspense>
        ) : route === "/admin/access" ? (
          <Suspense fallback={<div className="splash">Loading the access log…</div>}>
            <AccessLogPage />
          </Suspense>
        ) : route === "/partner" ? (
          // Partners have no live feed either: a form, no socket.
          <Suspense fallback={<div className="splash">Loading…</div>}>
            <PartnerPage />
          </Suspense>
        ) : route === "/admin" ? (
          // Admins have no live feed: no board session, no socket.
          <Suspense fallback={<div className="splash">Loading accounts…</div>}>
            <AdminPage />
          </Suspense>
        ) : (
          <BoardSession onSessionEnded={endSession}>
            <Suspense fallback={<div className="splash">Loading…</div>}>{viewFor(route ?? "/")}</Suspense>
          </BoardSession>
        )}
      </AuthContext.Provider>
    );
  }
  return (
    <>
      {page}
      <Toasts />
    </>
  );
}

function viewFor(route: Route): ReactNode {
  switch (route) {
    case "/control":
      return <ControlBoard />;
    case "/steward":
      return <StewardApp />;
    case "/unit":
      return <UnitView />;
    default:
      return null;
  }
}

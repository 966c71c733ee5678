import { Suspense, lazy, useEffect, useRef, useState } from "react";
import type { ConsoleConfig } from "./api/types";
import { call } from "./api/client";
import { clearSession, loadSession, saveSession, type Session } from "./api/session";
import { VIEWS, type ViewId } from "./views/registry";
import { SignIn } from "./components/SignIn";
import { ErrorNote } from "./components/ErrorNote";
import { Overview } from "./views/Overview";
import { Alerts } from "./views/Alerts";
import { QualifierDesk } from "./views/QualifierDesk";
import { Governance } from "./views/Governance";

// The views with charts load with the chart library, when first opened: the first page stays small.
const Token = lazy(() => import("./views/Token").then((m) => ({ default: m.Token })));
const Trace = lazy(() => import("./views/Trace").then((m) => ({ default: m.Trace })));
const Stress = lazy(() => import("./views/Stress").then((m) => ({ default: m.Stress })));

/** The route from the address bar: #/view?params. */
function readRoute(): { view: string; params: URLSearchParams } {
  const [path, query] = window.location.hash.replace(/^#\/?/, "").split("?");
  return { view: path || "overview", params: new URLSearchParams(query ?? "") };
}

export function App() {
  const [config, setConfig] = useState<ConsoleConfig>();
  const [configError, setConfigError] = useState<Error>();
  const [session, setSession] = useState<Session>(loadSession);
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    call<ConsoleConfig>({}, "console", "/config").then(setConfig, setConfigError);
    const onHash = () => setRoute(readRoute());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  // Marks the first rendered view (navigation to first meaningful render), for whoever measures the console.
  useEffect(() => {
    if (config && performance.getEntriesByName("qualified:first-view").length === 0) performance.mark("qualified:first-view");
  }, [config]);
  // Move focus to the new view's heading, so keyboard and screen-reader users land on it.
  const shownView = useRef(route.view);
  useEffect(() => {
    if (shownView.current === route.view) return;
    shownView.current = route.view;
    const heading = document.querySelector<HTMLElement>("main h1");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  }, [route.view]);

  if (configError)
    return (
      <main>
        <ErrorNote error={configError} />
      </main>
    );
  if (!config)
    return (
      <main>
        <p aria-live="polite">Loading the console…</p>
      </main>
    );
  const signedIn = Boolean(session.monitorKey || session.qualifierKey);
  const available = VIEWS.filter((v) => v.available(config, session));
  const signIn = (s: Session) => {
    saveSession(s);
    setSession(s);
    window.location.hash = "#/overview";
  };
  const signOut = () => {
    clearSession();
    setSession({});
    window.location.hash = "#/sign-in";
  };
  // Not signed in: the console opens on the sign-in form (the chain views stay a click away).
  const showSignIn =
    route.view === "sign-in" || (!signedIn && (config.monitor || config.qualifier) && (!window.location.hash || !available.some((v) => v.id === route.view)));
  const current = available.find((v) => v.id === route.view)?.id ?? (available[0]?.id as ViewId | undefined);

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Qualified console</span>
        <nav aria-label="Views">
          <ul>
            {available.map((v) => (
              <li key={v.id}>
                <a href={`#/${v.id}`} aria-current={!showSignIn && current === v.id ? "page" : undefined}>
                  {v.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {session.qualifierLabel && (
            <span>
              {session.qualifierLabel} ({session.qualifierRole})
            </span>
          )}
          {signedIn ? (
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          ) : (
            <a href="#/sign-in">Sign in</a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-live="polite">Loading the view…</p>}>
          {showSignIn || !current ? (
            <SignIn config={config} session={session} onSignedIn={signIn} />
          ) : current === "overview" ? (
            <Overview session={session} config={config} />
          ) : current === "token" ? (
            <Token session={session} config={config} address={route.params.get("address") ?? undefined} />
          ) : current === "alerts" ? (
            <Alerts session={session} />
          ) : current === "trace" ? (
            <Trace session={session} config={config} params={route.params} />
          ) : current === "desk" ? (
            <QualifierDesk session={session} />
          ) : current === "governance" ? (
            <Governance session={session} config={config} />
          ) : (
            <Stress session={session} />
          )}
        </Suspense>
      </main>
    </>
  );
}

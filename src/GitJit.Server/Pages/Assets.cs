namespace GitJit.Server.Pages;

/// <summary>
/// The pages' one stylesheet and one small script, served from here: no build step, no framework, nothing from
/// another site. The script only adds comfort — local times, countdowns, live updates, copy buttons; every page
/// reads and works without it.
/// </summary>
public static class Assets
{
    public const string StylesheetPath = "/assets/gitjit.css";
    public const string ScriptPath = "/assets/gitjit.js";

    public static void MapGitJitAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StylesheetPath, () => Results.Text(Stylesheet, "text/css; charset=utf-8"));
        endpoints.MapGet(ScriptPath, () => Results.Text(Script, "text/javascript; charset=utf-8"));
    }

    private const string Stylesheet = """
        :root { color-scheme: light dark; --accent: #1f6feb; --muted: #6e7781; --line: #d0d7de; --warn: #bf8700; --bad: #cf222e; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; justify-content: space-between; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; text-decoration: none; color: inherit; }
        .account { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
        .site-notice { padding: .5rem 1rem; background: #fff4ce; border-bottom: 1px solid #e0c060; color: #5c4400; font-weight: 600; }
        .account form { display: inline; }
        main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0 0 1.5rem; }
        dt { color: var(--muted); }
        dd { margin: 0; overflow-wrap: anywhere; }
        ul { margin: 0; padding-left: 1.2rem; }
        code, pre { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        pre { padding: .75rem; border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0 1rem; }
        button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid var(--line); cursor: pointer; min-height: 2.75rem; }
        button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        button.danger { color: var(--bad); }
        button.link { border: 0; background: none; color: var(--accent); padding: 0; min-height: 0; text-decoration: underline; }
        .countdown { font-variant-numeric: tabular-nums; font-weight: 600; }
        .countdown.ended, .expired, .muted { color: var(--muted); }
        .local { color: var(--muted); }
        .notice { border-left: 4px solid var(--warn); padding: .5rem .75rem; margin: 1rem 0; }
        .secret { border-left: 4px solid var(--bad); padding: .5rem .75rem; margin: 1rem 0; }
        .table { overflow-x: auto; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; white-space: nowrap; }
        @media (max-width: 40rem) {
          dl { grid-template-columns: 1fr; }
          dd { margin-bottom: .5rem; }
          thead { display: none; }
          tr, td { display: block; }
          td { border: 0; padding: .15rem 0; }
          td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
          tr { border-bottom: 1px solid var(--line); padding: .5rem 0; }
        }
        """;

    private const string Script = """
        "use strict";
        (() => {
          const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
          const pad = n => String(n).padStart(2, "0");
          const left = ms => {
            if (ms <= 0) return "expired";
            const s = Math.ceil(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
            return (h > 0 ? `${h}h ${pad(m)}m ${pad(r)}s` : m > 0 ? `${m}m ${pad(r)}s` : `${r}s`) + " left";
          };
          const localize = root => {
            for (const t of root.querySelectorAll("time[data-local]:not([data-shown])")) {
              const span = document.createElement("span");
              span.className = "local";
              span.textContent = ` (${local.format(new Date(t.dateTime))} your time)`;
              t.after(span);
              t.dataset.shown = "";
            }
          };
          const tick = () => {
            const now = Date.now();
            for (const c of document.querySelectorAll("[data-countdown]")) {
              const ms = Date.parse(c.dataset.countdown) - now;
              c.textContent = left(ms);
              if (ms <= 0 && !c.classList.contains("ended")) {
                c.classList.add("ended");
                c.closest("[data-grant]")?.classList.add("expired");
                for (const e of document.querySelectorAll("[data-until-expiry]")) e.hidden = true;
                for (const e of document.querySelectorAll("[data-after-expiry]")) e.hidden = false;
              }
            }
          };
          document.addEventListener("click", e => {
            const button = e.target.closest("button[data-copy]");
            if (!button) return;
            navigator.clipboard?.writeText(document.getElementById(button.dataset.copy).textContent)
              .then(() => { button.textContent = "Copied"; });
          });
          document.addEventListener("submit", e => {
            const message = e.target.dataset?.confirm;
            if (message && !window.confirm(message)) e.preventDefault();
          });
          const live = document.querySelector("[data-live]");
          if (live) {
            const source = new EventSource(live.dataset.live);
            source.addEventListener("grants", e => { live.innerHTML = e.data; localize(live); tick(); });
          }
          localize(document);
          tick();
          setInterval(tick, 1000);
        })();
        """;
}

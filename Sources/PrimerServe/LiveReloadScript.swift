import Foundation

/// The browser's side of live reload: served as `/__primer/live.js` and
/// added to each HTML page the preview server sends (never to the files
/// `build` writes).
///
/// It listens to `/__primer/events` for its own page. On `reload` it keeps
/// the scroll position in `sessionStorage` and reloads; the new page
/// scrolls back before it is first painted where it can. On `failure` it
/// shows every diagnostic over the page, in a dialog that the next good
/// build (`ok`, or the reload) removes and Escape hides.
enum LiveReloadScript {
    static let tag = "<script src=\"\(PreviewServer.scriptPath)\" defer></script>"

    /// `page` with the script before its last `</body>`, or at its end.
    static func inject(into page: Data) -> Data {
        let marker = Data("</body>".utf8)
        guard let range = page.range(of: marker, options: .backwards) else { return page + Data(tag.utf8) }
        var result = page
        result.replaceSubrange(range.lowerBound..<range.lowerBound, with: Data(tag.utf8))
        return result
    }

    static let source = #"""
        (() => {
          "use strict";
          const page = location.pathname.endsWith("/") ? location.pathname + "index.html" : location.pathname;
          const key = "primer-live-scroll:" + page;
          const saved = sessionStorage.getItem(key);
          if (saved) {
            sessionStorage.removeItem(key);
            const [x, y] = JSON.parse(saved);
            const restore = () => window.scrollTo(x, y);
            restore();
            addEventListener("load", restore, { once: true });
          }

          let overlay = null;
          function hide() {
            if (overlay) { overlay.remove(); overlay = null; }
          }
          function show(report) {
            hide();
            overlay = document.createElement("div");
            overlay.id = "primer-live-overlay";
            overlay.setAttribute("role", "alertdialog");
            overlay.setAttribute("aria-labelledby", "primer-live-title");
            // Inline styles, each one set: the site's own (for pre, h2) must not reach in.
            overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;box-sizing:border-box;" +
              "background:rgba(17,17,20,.97);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;text-align:left";
            const title = document.createElement("h2");
            title.id = "primer-live-title";
            title.style.cssText = "margin:0 0 1rem;padding:0;border:0;font:600 16px/1.4 system-ui,sans-serif;color:#fca5a5";
            const count = report.problems.filter(p => p.severity === "error").length;
            title.textContent = "The build failed (" + count + (count === 1 ? " error" : " errors") +
              "): this is the last good page. Press Esc to hide.";
            overlay.append(title);
            for (const problem of report.problems) {
              const block = document.createElement("div");
              block.className = "primer-live-problem";
              block.style.cssText = "margin:0 0 1.25rem";
              const head = document.createElement("div");
              head.style.cssText = "font-weight:700;white-space:pre-wrap;overflow-wrap:anywhere;color:" +
                (problem.severity === "error" ? "#fca5a5" : "#fcd34d");
              head.textContent = problem.location + ": " + problem.severity + ": " + problem.summary;
              // The excerpt keeps its columns (the caret under the place): it scrolls rather than wraps.
              const notes = document.createElement("pre");
              notes.style.cssText = "margin:0;padding:0;border:0;border-radius:0;box-shadow:none;background:none;" +
                "color:#e4e4e7;font:inherit;white-space:pre;overflow-x:auto";
              notes.textContent = problem.notes.map(note => "  " + note).join("\n");
              block.append(head, notes);
              overlay.append(block);
            }
            document.body.append(overlay);
          }
          addEventListener("keydown", event => { if (event.key === "Escape") hide(); });

          const events = new EventSource("/__primer/events?page=" + encodeURIComponent(page));
          events.addEventListener("reload", () => {
            sessionStorage.setItem(key, JSON.stringify([scrollX, scrollY]));
            location.reload();
          });
          events.addEventListener("failure", event => show(JSON.parse(event.data)));
          events.addEventListener("ok", hide);
        })();
        """#
}

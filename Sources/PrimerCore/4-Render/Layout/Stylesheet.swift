/// The site's one stylesheet, written to `assets/primer.css`.
///
/// Colours are CSS custom properties, switched by `prefers-color-scheme`, so
/// pages and the inline SVG figures (which use the same properties) follow
/// the reader's light or dark mode.
///
/// Formulas are drawn with the site's own math font (`MathWebFont`), which
/// the `@font-face` rule names relative to this file. A browser fetches an
/// `@font-face` font only when text to be drawn with it is on the page, and
/// only `math` elements name this family: pages without formulas never
/// download it. The font is small-eyed (its x-height is 0.43 em; the body
/// fonts' are about 0.52 em), so formulas are set at 1.15em to sit with the
/// text. Scripts turn on `ssty`, the font's script-style forms, which it has
/// for primes only: the plain ′ is small and raised, for text, and `f′` puts
/// the prime in a superscript.
enum Stylesheet {
    static let css = #"""
        :root {
          color-scheme: light dark;
          --background: #ffffff;
          --surface: #f6f7f9;
          --text: #1d232b;
          --muted: #5b6573;
          --border: #d9dde3;
          --accent: #0b63c5;
          --accent-soft: #e7f0fb;
          --code-background: #f3f4f6;
          --error: #b42335;
          --code-keyword: #a626a4;
          --code-type: #0e7490;
          --code-string: #a3461b;
          --code-number: #1750eb;
          --code-comment: #5f6873;
          --code-attribute: #845a00;
          --code-label: #2f6f44;
          --scroll-shadow: rgba(0, 0, 0, .22);
          --mark-background: #fff0a0;
          --mark-text: #1d232b;
          --checkmark: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cpath d='M3.5 8.5l3 3 6-7' fill='none' stroke='%23fff' stroke-width='2.2'/%3E%3C/svg%3E");
          --series-1: #0072b2;
          --series-2: #d55e00;
          --series-3: #009e73;
          --series-4: #cc79a7;
          --series-5: #b58000;
          --series-6: #2e93c9;
          --note: #0969da;
          --tip: #1a7f37;
          --important: #8250df;
          --warning: #9a6700;
          --caution: #cf222e;
          --font-body: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
          --font-code: ui-monospace, "SF Mono", "Cascadia Code", "DejaVu Sans Mono", Menlo, Consolas, monospace;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --background: #15181d;
            --surface: #1d2128;
            --text: #e3e6ea;
            --muted: #9aa4b1;
            --border: #343a44;
            --accent: #6cb0ff;
            --accent-soft: #1f2d40;
            --mark-background: #5a4700;
            --mark-text: #ffffff;
            --code-background: #1f242b;
            --error: #ff7b8a;
            --code-keyword: #ff7ab2;
            --code-type: #5dd8ff;
            --code-string: #fc6a5d;
            --code-number: #d9c97c;
            --code-comment: #8b949e;
            --code-attribute: #e5c07b;
          --code-label: #8fd19e;
          --scroll-shadow: rgba(160, 170, 185, .4);
          --checkmark: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cpath d='M3.5 8.5l3 3 6-7' fill='none' stroke='%2315181d' stroke-width='2.2'/%3E%3C/svg%3E");
            --series-1: #56b4e9;
            --series-2: #ff8a4c;
            --series-3: #2fd3a0;
            --series-4: #e8a0cc;
            --series-5: #f5c04a;
            --series-6: #a4d8ff;
            --note: #4f9bff;
            --tip: #3fb950;
            --important: #b08cff;
            --warning: #d29922;
            --caution: #ff6b6b;
          }
        }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0;
          background: var(--background);
          color: var(--text);
          font: 1rem/1.7 var(--font-body);
        }
        a { color: var(--accent); }
        a:hover { text-decoration-thickness: 2px; }
        :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
        .skip-link { position: absolute; left: -999px; }
        .skip-link:focus { left: 1rem; top: 1rem; background: var(--background); padding: .25rem .5rem; z-index: 1; }

        /* Header items keep their words whole: the row wraps, never a name. */
        .site-header {
          display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .25rem 1rem;
          padding: .75rem 1.25rem; border-bottom: 1px solid var(--border);
        }
        .site-title { font-weight: 600; font-size: 1.1rem; color: var(--text); text-decoration: none; white-space: nowrap; }
        .language-switch { display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin-left: auto; }
        .language-switch a { font-size: .95rem; white-space: nowrap; }

        /* Search: assets/search.js adds the box (without JavaScript there is
           none); its results hang below the header, as wide as a phone. */
        .site-header { position: relative; }
        .site-search { margin-left: auto; }
        .site-search + .language-switch { margin-left: 0; }
        .site-search input {
          width: 10rem; max-width: 38vw; font: inherit; font-size: .95rem; padding: .25rem .55rem;
          color: var(--text); background: var(--background); border: 1px solid var(--muted); border-radius: 6px;
        }
        .site-search input::placeholder { color: var(--muted); opacity: 1; }
        .site-search-results {
          position: absolute; z-index: 10; top: 100%; right: 1.25rem; width: min(36rem, calc(100% - 1.5rem));
          max-height: min(75vh, 40rem); overflow-y: auto; padding: .5rem 0;
          background: var(--background); border: 1px solid var(--border); border-radius: 8px;
          box-shadow: 0 8px 24px var(--scroll-shadow);
        }
        .site-search-results[hidden] { display: none; }
        .site-search-status, .site-search-edition { margin: .25rem 1rem; font-size: .85rem; color: var(--muted); }
        .site-search-edition { margin-top: .75rem; font-weight: 600; }
        .site-search-results ol { list-style: none; margin: 0; padding: 0; }
        .site-search-results a { display: block; padding: .3rem 1rem; color: var(--text); text-decoration: none; }
        .site-search-results a:hover, .site-search-results a:focus { background: var(--accent-soft); }
        .site-search-results a.site-search-page { color: var(--accent); font-weight: 600; }
        .site-search-results ol ol a { padding-left: 1.75rem; font-size: .92rem; }
        .site-search-heading { display: block; font-weight: 600; }
        .site-search-excerpt { display: block; color: var(--muted); overflow-wrap: anywhere; }
        .site-search-results mark { background: var(--mark-background); color: var(--mark-text); border-radius: 2px; }

        /* The menu of narrow screens: lessons and contents, folded. */
        .site-menu { display: none; border-bottom: 1px solid var(--border); background: var(--surface); }
        .site-menu details { border-top: 1px solid var(--border); }
        .site-menu details:first-child { border-top: 0; }
        .site-menu summary { cursor: pointer; padding: .6rem 1.25rem; font-weight: 600; }
        .site-menu nav { padding: 0 1.25rem .75rem; }
        .site-menu ol { list-style: none; margin: 0; padding: 0; }
        .site-menu ol ol { padding-left: 1rem; }
        .site-menu li a { display: block; padding: .35rem .6rem; border-radius: .4rem; color: var(--text); text-decoration: none; line-height: 1.4; }
        .site-menu li a[aria-current="page"] { background: var(--accent-soft); color: var(--accent); font-weight: 600; }

        .layout {
          display: grid;
          grid-template-columns: minmax(12rem, 16rem) minmax(0, 1fr);
          gap: 2.5rem;
          max-width: 74rem;
          margin: 0 auto;
          padding: 1.5rem 1.25rem 3rem;
        }
        .sidebar { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow-y: auto; }
        .sidebar h2, .toc h2 {
          margin: 0 0 .5rem; font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--muted);
        }
        .sidebar ol, .toc ol { list-style: none; margin: 0; padding: 0; }
        .sidebar li a {
          display: block; padding: .3rem .6rem; border-radius: .4rem; color: var(--text); text-decoration: none; line-height: 1.4;
        }
        .sidebar li a:hover { background: var(--surface); }
        .sidebar li a[aria-current="page"] { background: var(--accent-soft); color: var(--accent); font-weight: 600; }

        main { min-width: 0; max-width: 46rem; }
        article h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 1rem; }
        article h2 { font-size: 1.45rem; line-height: 1.3; margin: 2.25rem 0 .75rem; }
        article h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
        /* A heading's anchor sits in the margin before it and takes no room in the line. */
        article :is(h1, h2, h3, h4, h5, h6) { position: relative; }
        /* In the page's margin, small enough to fit the phone's 20-pixel one. */
        .anchor { position: absolute; right: 100%; top: .15em; padding-right: .25rem; font-size: 1.1rem; color: var(--muted); text-decoration: none; opacity: 0; }
        :is(h1, h2, h3, h4, h5, h6):hover .anchor, .anchor:focus { opacity: 1; }
        /* Touch screens have no hover: the anchor shows, dimmed (still 3.4:1 against the page). */
        @media (hover: none) { .anchor { opacity: .75; } }

        .toc { margin: 0 0 1.5rem; padding: .75rem 1rem; border: 1px solid var(--border); border-radius: .5rem; background: var(--surface); }
        .toc ol ol { padding-left: 1rem; }
        .toc a { color: var(--text); text-decoration: none; }
        .toc a:hover { color: var(--accent); }

        code, pre { font-family: var(--font-code); font-size: .9em; }
        :not(pre) > code { background: var(--code-background); padding: .1em .35em; border-radius: .3em; }
        /* A long path or name in running text breaks rather than widen a phone's page. */
        p > code, li > code, td > code { overflow-wrap: anywhere; }
        pre {
          background: var(--code-background); padding: .9rem 1rem; border-radius: .5rem; overflow-x: auto; line-height: 1.5;
          border: 1px solid var(--border);
        }
        /* Wide code, tables and formulas scroll in a focusable region; a shadow
           at an edge shows there is more (covers scroll with the content, shadows stay). */
        .scroll {
          --scroll-background: var(--background);
          overflow-x: auto; margin: 1rem 0;
          background:
            linear-gradient(to right, var(--scroll-background) 30%, transparent) left / 2rem 100% no-repeat local,
            linear-gradient(to left, var(--scroll-background) 30%, transparent) right / 2rem 100% no-repeat local,
            radial-gradient(farthest-side at 0 50%, var(--scroll-shadow), transparent) left / .8rem 100% no-repeat scroll,
            radial-gradient(farthest-side at 100% 50%, var(--scroll-shadow), transparent) right / .8rem 100% no-repeat scroll,
            var(--scroll-background);
        }
        .scroll.code, .scroll.output { border: 1px solid var(--border); border-radius: .5rem; }
        .scroll.code { --scroll-background: var(--code-background); }
        .scroll > pre { margin: 0; border: 0; border-radius: 0; background: none; overflow: visible; width: max-content; min-width: 100%; }
        .scroll > table { display: table; margin: 0; overflow: visible; }
        .scroll.table { width: fit-content; max-width: 100%; }
        @font-face {
          font-family: "Latin Modern Math";
          src: url("latinmodern-math.woff2") format("woff2");
          font-display: swap;
        }
        math { font-family: "Latin Modern Math", math; font-size: 1.15em; }
        :is(msub, msup, msubsup, mmultiscripts) > :not(:first-child) { font-feature-settings: "ssty" 1; }
        :is(msub, msup, msubsup, mmultiscripts) > :not(:first-child) :is(msub, msup, msubsup, mmultiscripts) > :not(:first-child) {
          font-feature-settings: "ssty" 2;
        }
        .equation { display: flex; align-items: center; gap: 1rem; margin: 1rem 0; }
        /* Text in a formula never wraps: a narrow table column would break CJK after every character. */
        mtext { white-space: nowrap; }
        .equation > math { flex: 1; }
        /* The formula scrolls; its number stays in view beside it. Auto margins
           centre it when it fits and let it start at the left when it does not. */
        .equation > .scroll { flex: 1; min-width: 0; margin: 0; display: flex; overflow-y: hidden; padding: .1rem 0; }
        .equation > .scroll > math { flex: none; margin: 0 auto; }
        .equation-number { flex: none; color: var(--muted); white-space: nowrap; }
        /* A row's number inside the math reads like the numbers beside it. */
        mtd.equation-number mtext { font-family: var(--font-body); font-size: 0.87em; }
        /* Chromium aligns a table cell's math by the -webkit- values only. */
        mtd[columnalign="left"] { text-align: -webkit-left; }
        mtd[columnalign="right"] { text-align: -webkit-right; }
        .cell, .directive { margin: 1.25rem 0; }
        /* A cell's output sits right under its code, one box with a dashed rule between. */
        .cell > pre + pre { margin-top: -.5rem; border-top-left-radius: 0; border-top-right-radius: 0; }
        .cell > .scroll:has(+ .scroll.output) { margin-bottom: 0; border-bottom-left-radius: 0; border-bottom-right-radius: 0; }
        .scroll.output { border-style: dashed; }
        .cell > .scroll + .scroll.output { margin-top: 0; border-style: solid; border-top: 1px dashed var(--border); border-top-left-radius: 0; border-top-right-radius: 0; }
        pre.output { background: var(--background); border-style: dashed; }
        .scroll > pre.output { background: none; }
        pre.output.stderr { color: var(--muted); }
        pre.output.error { border: 1px solid var(--error); color: var(--error); }
        .scroll.output.error { border: 1px solid var(--error); }
        .scroll > pre.output.error { border: 0; }
        .plot { margin: 1.25rem 0; }
        .plot svg { display: block; width: 100%; height: auto; }
        /* Each plot comes in a wide and a narrow layout; the column's width
           picks one, so plot text never renders below about 11 px. */
        div.plot, figure.plot { container-type: inline-size; }
        .plot svg.plot-narrow { display: none; max-width: 26rem; margin: 0 auto; }
        @container (max-width: 586px) {
          .plot svg.plot-wide { display: none; }
          .plot svg.plot-narrow { display: block; }
        }
        .plot-data { margin-top: .25rem; font-size: .85rem; color: var(--muted); }
        .plot-data summary { cursor: pointer; }
        .plot-data table { font-size: .85rem; }
        table.numbers th, table.numbers td { text-align: right; }
        figcaption { margin-top: .5rem; color: var(--muted); font-size: .92rem; text-align: center; }
        pre .k { color: var(--code-keyword); font-weight: 600; }
        pre .t { color: var(--code-type); }
        pre .s, pre .r { color: var(--code-string); }
        pre .n { color: var(--code-number); }
        pre .c { color: var(--code-comment); font-style: italic; }
        pre .a, pre .d { color: var(--code-attribute); }
        pre .l { color: var(--code-label); }
        blockquote { margin: 1rem 0; padding: .25rem 1rem; border-left: 4px solid var(--border); color: var(--muted); }
        /* Callouts: the kind in a word and an icon of its own shape, the colour only a third cue. */
        .callout { --kind: var(--note); margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid var(--kind); background: var(--surface); border-radius: 0 6px 6px 0; }
        .callout-tip { --kind: var(--tip); }
        .callout-important { --kind: var(--important); }
        .callout-warning { --kind: var(--warning); }
        .callout-caution { --kind: var(--caution); }
        .callout > :last-child { margin-bottom: .25rem; }
        .callout-title { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin: .25rem 0 .5rem; font-weight: 600; }
        .callout-title .callout-icon { flex: none; color: var(--kind); }
        .callout-label { color: var(--kind); }
        .callout-heading { color: var(--text); }
        .callout-heading::before { content: "·"; margin-right: .4rem; color: var(--muted); }
        /* Claims: the verdict first, as a symbol and a word. */
        .claim { --verdict: var(--tip); margin: 1rem 0; padding: .5rem 1rem; border: 1px solid var(--border); border-left: 4px solid var(--verdict); border-radius: 6px; }
        .claim-partly { --verdict: var(--warning); }
        .claim-not-supported { --verdict: var(--caution); }
        .claim p { margin: .3rem 0; }
        .claim-verdict { font-weight: 700; color: var(--verdict); }
        .claim-symbol { display: inline-block; min-width: 1.2em; }
        .claim-statement { font-weight: 600; }
        .claim-key { color: var(--muted); font-size: .9em; margin-right: .3rem; }
        /* A computed value shows its expression on focus (and on hover, by its title). */
        .computed { position: relative; border-bottom: 1px dotted var(--muted); }
        .computed:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
        .computed:focus-visible::after { content: attr(title); position: absolute; left: 0; top: 100%; z-index: 1; margin-top: .25rem; padding: .15rem .4rem; white-space: nowrap; font: .8rem var(--font-code); color: var(--text); background: var(--surface); border: 1px solid var(--border); border-radius: 4px; }
        table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; max-width: 100%; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid var(--border); padding: .35rem .75rem; }
        th { background: var(--surface); }
        /* Chinese and Japanese words stay whole in a narrow header; the table scrolls instead. */
        th:lang(zh), th:lang(ja), th:lang(ko) { word-break: keep-all; }
        caption { caption-side: bottom; padding-top: .4rem; color: var(--muted); font-size: .92rem; }
        /* A highlighted row or cell: a tint, bold, and a rule in the accent colour (not the tint alone). */
        tr.highlight td, td.highlight { background: var(--accent-soft); font-weight: 600; }
        tr.highlight > :first-child { box-shadow: inset 4px 0 0 var(--accent); }
        td.highlight { box-shadow: inset 0 0 0 2px var(--accent); }
        tr.highlight > td.highlight:first-child { box-shadow: inset 4px 0 0 var(--accent), inset 0 0 0 2px var(--accent); }
        img, svg { max-width: 100%; height: auto; }
        hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }
        .task-list { list-style: none; padding-left: 1.25rem; }
        /* Task boxes drawn by the site: the default disabled box is too faint to read. */
        .task-list-item input[type="checkbox"] {
          appearance: none; width: 1em; height: 1em; margin: 0 .3em 0 0; vertical-align: -.12em;
          border: 2px solid var(--muted); border-radius: .2em; background: var(--background);
        }
        .task-list-item input[type="checkbox"]:checked {
          border-color: var(--accent); background: var(--accent) var(--checkmark) center / 100% no-repeat;
        }
        .footnotes { font-size: .9rem; color: var(--muted); }

        .pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--border); }
        .pager a { display: flex; flex-direction: column; text-decoration: none; max-width: 48%; }
        .pager a span { font-size: .8rem; color: var(--muted); }
        .pager .next { margin-left: auto; text-align: right; }

        .site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem; }

        @media (max-width: 52rem) {
          .layout { grid-template-columns: minmax(0, 1fr); gap: 1.5rem; padding-top: 1rem; }
          .site-menu { display: block; }
          .sidebar, article > .toc { display: none; }
          article h1 { font-size: 1.6rem; }
        }
        @media print {
          .sidebar, .toc, .site-menu, .pager, .language-switch, .skip-link, .anchor { display: none; }
          .scroll { overflow: visible; background: none; }
          .layout { display: block; padding: 0; max-width: none; }
          body { font-size: 11pt; }
          a { color: inherit; }
          pre { white-space: pre-wrap; }
        }

        /* Citations: the reference list at the end of a page. */
        section.references { font-size: .95rem; }
        ol.references { padding-left: 2.75rem; }
        ol.references > li::marker { content: "[" counter(list-item) "]\2002"; }
        ul.references { list-style: none; padding-left: 1.5rem; }
        ul.references > li { text-indent: -1.5rem; }
        .references li { margin: .4rem 0; overflow-wrap: anywhere; }
        """#
}
